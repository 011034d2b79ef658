"""API keys: who may make one for what, making one (its secret returned once), revoking one."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..access import consultancy_for, membership_for
from ..models import ApiKey, Consultancy, Membership, Organization


def is_bank_editor(user) -> bool:
    """Staff who may change question banks (the "bank editors" group grants it; superusers have it)."""
    return user.is_active and user.is_staff and user.has_perm("assessments.add_questionbank")


@dataclass(frozen=True)
class KeyOwners:
    """What a user may make API keys for: the organization they own, their consultancy, question banks."""

    organization: Organization | None
    consultancy: Consultancy | None
    banks: bool

    @property
    def any(self) -> bool:
        return bool(self.organization or self.consultancy or self.banks)


def api_key_owners(user) -> KeyOwners:
    membership = membership_for(user) if user.is_authenticated else None
    owner = membership is not None and membership.role == Membership.Role.OWNER
    return KeyOwners(
        organization=membership.organization if owner else None,
        consultancy=consultancy_for(user),
        banks=user.is_authenticated and is_bank_editor(user),
    )


def api_keys_visible(owners: KeyOwners, user):
    """The keys a user manages: their organization's, their consultancy's, and their own banks-only keys."""
    keys = ApiKey.objects.none()
    if owners.organization:
        keys |= ApiKey.objects.filter(organization=owners.organization)
    if owners.consultancy:
        keys |= ApiKey.objects.filter(consultancy=owners.consultancy)
    if user.is_authenticated:
        keys |= ApiKey.objects.filter(organization=None, consultancy=None, created_by=user)
    return keys


def api_key_create(
    *,
    by,
    name: str,
    access: str = ApiKey.Access.READ,
    organization: Organization | None = None,
    consultancy: Consultancy | None = None,
    banks: bool = False,
) -> tuple[ApiKey, str]:
    """A new key and its secret, which is not stored (only its digest): show it once, then forget it."""
    owners = api_key_owners(by)
    if (
        (organization is not None and organization != owners.organization)
        or (consultancy is not None and consultancy != owners.consultancy)
        or (banks and not owners.banks)
    ):
        raise PermissionDenied
    with transaction.atomic():
        prefix, secret = ApiKey.new_secret()
        while ApiKey.objects.filter(prefix=prefix).exists():  # 32 bits: rare, but possible
            prefix, secret = ApiKey.new_secret()
        key = ApiKey(
            name=name,
            access=access,
            banks=banks,
            organization=organization,
            consultancy=consultancy,
            created_by=by,
            prefix=prefix,
            digest=ApiKey.digest_of(secret),
        )
        key.full_clean()
        key.save()
    return key, secret
