"""Writes for accounts: signing up with an organization, confirming an e-mail address, inviting colleagues
and joining through an invitation, the members' roles and their removal."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxmaturity.ids import is_token

from .models import Invitation, Membership, Organization, User
from .signals import email_confirmed


@transaction.atomic
def organization_create(*, by: User, name: str, industry: str, size_band: str, country: str) -> Organization:
    organization = Organization(name=name, industry=industry, size_band=size_band, country=country)
    organization.full_clean()
    organization.save()
    Membership.objects.create(user=by, organization=organization, role=Membership.Role.OWNER)
    return organization


# E-mail verification: a signed token of the user and the address it confirms, valid for a few days. Signed
# with the secret key (TimestampSigner), so that nothing is stored; a token of an address the user no longer
# has confirms nothing.

VERIFICATION_SALT = "cxmaturity.email-verification"


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email.casefold()}, salt=VERIFICATION_SALT)


def email_verification_user(token: str) -> User | None:
    """The user whose address the token confirms; None for a tampered, expired or outdated token."""
    try:
        claim = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.CXM_EMAIL_VERIFICATION_DAYS * 24 * 3600
        )
        user = User.objects.filter(pk=int(claim["user"])).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return user if user and user.email.casefold() == claim["email"] else None


def email_verify(*, user: User) -> None:
    """Record that the user confirmed their address (once; later links change nothing)."""
    with transaction.atomic():
        confirmed = User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        if confirmed:
            user.refresh_from_db(fields=["email_verified_at"])
            email_confirmed.send(sender=User, user=user)


# Invitations


def invitation_create(*, organization: Organization, by: User, email: str) -> Invitation:
    """A new invitation for one address; an earlier pending one for the same address is revoked."""
    email = User.objects.normalize_email(email)
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is a member already.") % {"email": email})
    with transaction.atomic():
        organization.invitations.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
        invitation = Invitation(organization=organization, created_by=by, email=email)
        invitation.full_clean()
        invitation.save()
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The pending invitation with this token; None for a used, revoked, expired, unknown or malformed one (a
    malformed token, a NUL byte say, is never put in a query)."""
    if not is_token(token):
        return None
    invitation = Invitation.objects.select_related("organization").filter(token=token).first()
    return invitation if invitation and invitation.is_valid else None


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's organization: only an account with the invited address, only once. Having the
    link sent to that address confirms it."""
    if not invitation.is_for(user.email):
        raise ValidationError(_("This invitation is for another e-mail address."))
    with transaction.atomic():
        # One statement checks and uses the invitation: of two clicks at once, one joins.
        used = (
            Invitation.objects.pending()
            .filter(pk=invitation.pk)
            .update(accepted_at=timezone.now(), accepted_by=user)
        )
        if not used:
            raise ValidationError(_("This invitation has been used, revoked or has expired."))
        membership, _created = Membership.objects.get_or_create(
            user=user, organization=invitation.organization, defaults={"role": Membership.Role.MEMBER}
        )
        email_verify(user=user)
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())


# Members: an organization keeps at least one owner.


def _other_owners(membership: Membership) -> int:
    """The organization's owners besides this member, its owners' rows locked until the transaction ends, so
    that two owners demoting each other at once cannot both succeed."""
    owners = Membership.objects.select_for_update().filter(
        organization_id=membership.organization_id, role=Membership.Role.OWNER
    )
    return sum(1 for owner in owners.only("pk") if owner.pk != membership.pk)


def _last_owner() -> ValidationError:
    return ValidationError(_("An organization needs at least one owner: make another member an owner first."))


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    demoted = role != Membership.Role.OWNER and membership.role == Membership.Role.OWNER
    if demoted and not _other_owners(membership):
        raise _last_owner()
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member, and end every session of theirs: they lose access at their next request (on any other
    organization they belong to, they log in again)."""
    if membership.role == Membership.Role.OWNER and not _other_owners(membership):
        raise _last_owner()
    membership.delete()
    user_sessions_end(user=membership.user)


def user_sessions_end(*, user: User) -> None:
    """End every session of the user: ``sessions_revoked_at`` is part of the hash Django checks in each
    session (``User._get_session_auth_hash``)."""
    user.sessions_revoked_at = timezone.now()
    user.save(update_fields=["sessions_revoked_at"])
