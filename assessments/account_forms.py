"""Forms for accounts: sign-up (with the organization), log-in by e-mail, invitations."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Organization, User
from .throttles import LOGIN_ACCOUNT, LOGIN_ADDRESS, client_address, mark_refused


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "industry", "size_band", "country"]
        labels = {"name": _("Organization name")}
        help_texts = {
            "industry": _("Used to compare you with similar organizations."),
            "country": _("Where most of your customers are served."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prompts = {
            "industry": _("Choose an industry"),
            "size_band": _("Choose a size"),
            "country": _("Choose a country"),
        }
        for name, prompt in prompts.items():
            field = self.fields[name]
            field.choices = [("", prompt), *[choice for choice in field.choices if choice[0] != ""]]


class SignupForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["name", "email"]
        labels = {"name": _("Your name"), "email": _("Work e-mail address")}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["name"].required = True
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if invitation:
            self.fields["email"].initial = invitation.email

    def validate_unique(self):
        """Whether an account has the address is not the form's to say: sign-up answers the same either way
        (``views.accounts._signup``)."""

    validate_constraints = validate_unique  # the same for the case-insensitive unique address

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if self.invitation:
            # The one who holds an invitation knows the address it was sent to: no secret is told here.
            if not self.invitation.is_for(email):
                raise forms.ValidationError(_("This invitation is for another e-mail address."))
            if User.objects.filter(email__iexact=email).exists():
                raise forms.ValidationError(
                    _("An account with this e-mail address exists already: log in to join.")
                )
        return email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class ThrottledLoginMixin:
    """Failed log-ins (a wrong password or second-factor code) count per e-mail address and per client address
    (``throttles``); past either limit, the form refuses before it checks the password, and the page answers
    429. A successful log-in clears the account's count."""

    def clean(self):
        account = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        refusal = LOGIN_ADDRESS.refusal(address) or (LOGIN_ACCOUNT.refusal(account) if account else None)
        if refusal is not None:
            mark_refused(self.request, refusal)
            raise forms.ValidationError(refusal.message, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code in {"invalid_login", "invalid_token"}:
                LOGIN_ADDRESS.count(address)
                LOGIN_ACCOUNT.count(account)
            raise
        LOGIN_ACCOUNT.reset(account)
        return cleaned


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class AdminTOTPLoginForm(ThrottledLoginMixin, OTPAdminAuthenticationForm):
    """The admin's log-in with a second factor (``settings.CXM_ADMIN_2FA``): e-mail, password and the code of
    the staff member's authenticator app, checked against their TOTP device (``manage.py enrol_totp``)."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "maxlength": 6,
                "aria-describedby": "otp-token-help",
            }
        ),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the 6-digit code that your authenticator app shows."),
        "invalid_token": _("This code is wrong or has expired. Enter the code that your app shows now."),
    }

    def clean_otp(self, user):
        if user is not None:
            # One app per staff member (enrol_totp replaces it): its code is checked, no device is chosen.
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
            if device is None:
                # Told after the right password only: to the account's owner.
                raise forms.ValidationError(
                    _(
                        "No authenticator app is enrolled for this account yet. Ask an administrator to "
                        "enrol one (manage.py enrol_totp)."
                    ),
                    code="no_device",
                )
            self.cleaned_data["otp_device"] = device.persistent_id
        try:
            super().clean_otp(user)
        finally:
            # django-otp writes the password back into the page after a wrong code: it is typed again here.
            self.fields["password"].widget.render_value = False


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        help_text=_("The invitation works once, only for an account with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
