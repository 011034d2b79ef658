"""The e-mails of accounts: the link that confirms an address, the answer to a sign-up with an address that
has an account already, and invitations. Written in the language of the request that sends them."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .accounts import email_verification_token
from .models import Invitation, User


def _send(request, template: str, to: str, context: dict) -> None:
    context = {"site": request.build_absolute_uri("/").rstrip("/"), **context}
    subject = render_to_string(f"registration/{template}_subject.txt", context, request).strip()
    body = render_to_string(f"registration/{template}_email.txt", context, request)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def mail_verification(request, user: User) -> None:
    link = request.build_absolute_uri(reverse("verify_email", args=[email_verification_token(user)]))
    _send(
        request,
        "verify",
        user.email,
        {"user": user, "link": link, "days": settings.CXM_EMAIL_VERIFICATION_DAYS},
    )


def mail_account_exists(request, user: User) -> None:
    """To someone signing up with the address of an existing account: the page they see says nothing of it."""
    _send(
        request,
        "account_exists",
        user.email,
        {
            "user": user,
            "login": request.build_absolute_uri(reverse("login")),
            "reset": request.build_absolute_uri(reverse("password_reset")),
        },
    )


def mail_invitation(request, invitation: Invitation) -> None:
    _send(
        request,
        "invitation",
        invitation.email,
        {"invitation": invitation, "link": invitation_link(request, invitation)},
    )


def invitation_link(request, invitation: Invitation) -> str:
    return request.build_absolute_uri(reverse("join", args=[invitation.token]))
