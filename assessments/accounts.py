"""Writes for accounts: signing up with an organization, inviting colleagues, joining through a link."""

from django.db import transaction
from django.utils import timezone

from cxmaturity.ids import is_token

from .models import Invitation, Membership, Organization, User


@transaction.atomic
def organization_create(*, by: User, name: str, industry: str, size_band: str, country: str) -> Organization:
    organization = Organization(name=name, industry=industry, size_band=size_band, country=country)
    organization.full_clean()
    organization.save()
    Membership.objects.create(user=by, organization=organization, role=Membership.Role.OWNER)
    return organization


def invitation_current(*, organization: Organization, by: User, renew: bool = False) -> Invitation:
    """The organization's valid invitation link, made anew when asked or when none is valid."""
    valid = organization.invitations.filter(expires_at__gt=timezone.now()).order_by("-created_at").first()
    if renew or valid is None:
        with transaction.atomic():
            if renew:
                organization.invitations.all().delete()
            valid = Invitation.objects.create(organization=organization, created_by=by)
    return valid


def invitation_for(token: str) -> Invitation | None:
    """The valid invitation with this token; None for an expired, unknown or malformed one (a malformed token,
    a NUL byte say, is never put in a query)."""
    if not is_token(token):
        return None
    invitation = Invitation.objects.select_related("organization").filter(token=token).first()
    return invitation if invitation and invitation.is_valid else None


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": Membership.Role.MEMBER}
    )
    return membership
