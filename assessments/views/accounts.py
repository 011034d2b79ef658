"""Sign-up (and the confirmation of the address), log-in, password reset and joining through an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cxmaturity.ids import is_token

from ..account_forms import EmailAuthenticationForm, OrganizationForm, SignupForm
from ..accounts import (
    email_verification_user,
    email_verify,
    invitation_accept,
    invitation_for,
    organization_create,
)
from ..consultancy_forms import ConsultancySignupForm
from ..mails import mail_account_exists, mail_verification
from ..models import Invitation, User
from ..services import consultancy_create
from ..throttles import PASSWORD_RESET_ADDRESS, PASSWORD_RESET_MAIL, SIGNUP_ADDRESS, client_address, refuse


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"

    def post(self, request, *args, **kwargs):
        refusal = PASSWORD_RESET_ADDRESS.hit(client_address(request))
        if refusal is not None:
            refuse(request, refusal)
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if PASSWORD_RESET_MAIL.hit(form.cleaned_data["email"]) is not None:
            # Enough mails to this address for now; the page answers as if one was sent, so that it tells
            # nothing about the address.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's: the old password, then the new one twice (the validators of settings); the session's key
    changes and the user stays logged in (``update_session_auth_hash``)."""

    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response


PasswordResetDoneView = auth_views.PasswordResetDoneView
PasswordResetConfirmView = auth_views.PasswordResetConfirmView
PasswordResetCompleteView = auth_views.PasswordResetCompleteView


def _signup(request, *, invitation=None, as_consultant=False):
    """Create an account and either a new organization, a new consultancy (as a consultant) or, with an
    invitation, a membership.

    Without an invitation, the answer is the same whether an account has the address or not: the "check your
    e-mail" page, a session cookie and a fresh CSRF token; the address gets either the link that confirms it
    (and the new account is logged in) or a note that it has an account already."""
    user_form = SignupForm(request.POST or None, prefix="user", invitation=invitation)
    organization_form = consultancy_form = None
    if as_consultant:
        consultancy_form = ConsultancySignupForm(request.POST or None, prefix="consultancy")
    elif not invitation:
        organization_form = OrganizationForm(request.POST or None, prefix="organization")
    second_form = organization_form or consultancy_form
    refusal = SIGNUP_ADDRESS.hit(client_address(request)) if request.method == "POST" else None
    if refusal is not None:
        refuse(request, refusal)
    forms_valid = refusal is None and user_form.is_valid() and (second_form is None or second_form.is_valid())
    if request.method == "POST" and forms_valid:
        email = user_form.cleaned_data["email"]
        existing = None if invitation else User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = user_form.save()
                    if invitation:
                        invitation_accept(invitation=invitation, user=user)
                        joined = invitation.organization
                    elif as_consultant:
                        joined = consultancy_create(name=consultancy_form.cleaned_data["name"], user=user)
                    else:
                        joined = organization_create(by=user, **organization_form.cleaned_data)
            except IntegrityError:  # the same address signed up a moment ago
                existing = User.objects.filter(email__iexact=email).first()
            except ValidationError as error:  # the invitation was used or revoked meanwhile
                messages.error(request, " ".join(error.messages))
                return redirect("join", token=invitation.token)
        if existing is not None:
            make_password(user_form.cleaned_data["password1"])  # the same work as for a new account
            rotate_token(request)
            mail_account_exists(request, existing)
        else:
            login(request, user)
            request.session["welcome"] = joined.name
            if invitation:
                return redirect("dashboard")
            mail_verification(request, user)
        request.session["signup_email"] = email
        return redirect("signup_sent")
    return render(
        request,
        "registration/signup.html",
        {
            "user_form": user_form,
            "organization_form": organization_form,
            "consultancy_form": consultancy_form,
            "invitation": invitation,
        },
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return _signup(request)


@require_http_methods(["GET", "POST"])
def signup_consultant(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return _signup(request, as_consultant=True)


def signup_sent(request):
    """After sign-up: the same page whether the address was new or had an account (its header shows no
    account either way)."""
    return render(request, "registration/signup_sent.html", {"email": request.session.get("signup_email")})


def verify_email(request, token: str):
    """Confirm the address a mailed link was made for. The link confirms it and nothing else: nobody is logged
    in by it, and the session of whoever follows it stays as it was."""
    user = email_verification_user(token) if len(token) <= 300 else None
    if user is None:
        return render(request, "registration/verify_invalid.html", status=404)
    email_verify(user=user)
    return render(request, "registration/verify_done.html", {"email": user.email})


@login_required
@require_http_methods(["GET", "POST"])
def verification(request):
    """Whether the logged-in user's address is confirmed, and a button that mails a new link."""
    if request.method == "POST" and not request.user.email_verified:
        mail_verification(request, request.user)
        messages.success(request, _("A new link is on its way to %(email)s.") % {"email": request.user.email})
        return redirect("verification")
    return render(request, "registration/verification.html")


def _joined_through(user, token: str) -> str | None:
    """The name of the organization that ``user`` joined through the invitation of ``token`` and is still a
    member of, if they did."""
    if not user.is_authenticated or not is_token(token):
        return None
    return (
        Invitation.objects.filter(token=token, accepted_by=user, organization__memberships__user=user)
        .values_list("organization__name", flat=True)
        .first()
    )


@require_http_methods(["GET", "POST"])
def join(request, token: str):
    invitation = invitation_for(token)
    if invitation is None:
        joined = _joined_through(request.user, token)
        if joined is not None:  # a second click, or the link opened again: the first joined
            messages.info(
                request, _("You are a member of %(organization)s already.") % {"organization": joined}
            )
            return redirect("dashboard")
        return render(request, "registration/join_invalid.html", status=404)
    if not request.user.is_authenticated:
        return _signup(request, invitation=invitation)
    if not invitation.is_for(request.user.email):
        return render(request, "registration/join_other_account.html", {"invitation": invitation}, status=403)
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("dashboard")
        messages.success(
            request, _("You joined %(organization)s.") % {"organization": invitation.organization.name}
        )
        return redirect("dashboard")
    already = request.user.memberships.filter(organization=invitation.organization).exists()
    return render(request, "registration/join.html", {"invitation": invitation, "already": already})
