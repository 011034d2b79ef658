"""Sign-up, log-in, password reset and invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import organization_for
from ..account_forms import EmailAuthenticationForm, OrganizationForm, SignupForm
from ..accounts import invitation_accept, invitation_current, invitation_for, organization_create
from ..consultancy_forms import ConsultancySignupForm
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
    invitation, a membership."""
    user_form = SignupForm(request.POST or None, prefix="user")
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
        with transaction.atomic():
            user = user_form.save()
            if invitation:
                invitation_accept(invitation=invitation, user=user)
                joined = invitation.organization
            elif as_consultant:
                joined = consultancy_create(name=consultancy_form.cleaned_data["name"], user=user)
            else:
                joined = organization_create(by=user, **organization_form.cleaned_data)
        login(request, user)
        messages.success(
            request,
            _("Welcome to CX Maturity, %(name)s (%(organization)s).")
            % {"name": user.name, "organization": joined.name},
        )
        return redirect("consultancy_home" if as_consultant else "dashboard")
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


@require_http_methods(["GET", "POST"])
def join(request, token: str):
    invitation = invitation_for(token)
    if invitation is None:
        return render(request, "registration/join_invalid.html", status=404)
    if not request.user.is_authenticated:
        return _signup(request, invitation=invitation)
    if request.method == "POST":
        invitation_accept(invitation=invitation, user=request.user)
        messages.success(
            request, _("You joined %(organization)s.") % {"organization": invitation.organization.name}
        )
        return redirect("dashboard")
    already = request.user.memberships.filter(organization=invitation.organization).exists()
    return render(request, "registration/join.html", {"invitation": invitation, "already": already})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    organization = organization_for(request.user)
    if organization is None:
        return redirect("dashboard")
    invitation = invitation_current(
        organization=organization, by=request.user, renew=request.method == "POST"
    )
    if request.method == "POST":
        messages.success(request, _("A new invitation link was made; the previous one no longer works."))
        return redirect("invite")
    link = request.build_absolute_uri(reverse("join", args=[invitation.token]))
    return render(
        request,
        "registration/invite.html",
        {"organization": organization, "invitation": invitation, "link": link},
    )
