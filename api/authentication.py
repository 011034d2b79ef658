"""``Authorization: Bearer <key>`` (or ``Api-Key <key>``): the request is the key's, made on behalf of its
maker. A key works while it is not revoked and its maker may still make such a key (an owner of its
organization, a consultant of its consultancy); its last use is recorded, at most once a minute."""

import hmac
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from assessments.models import ApiKey, Membership
from assessments.models.api_keys import split_key

SCHEMES = {"bearer", "api-key"}
LAST_USE_PRECISION = timedelta(minutes=1)


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if len(header) != 2 or header[0].decode("latin-1").lower() not in SCHEMES:
            raise exceptions.AuthenticationFailed(_("Send the key as Authorization: Bearer <key>."))
        try:
            parts = split_key(header[1].decode("ascii"))
        except UnicodeDecodeError:
            parts = None
        key = self._key(parts)
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid or has been revoked."))
        now = timezone.now()
        if key.last_used_at is None or key.last_used_at < now - LAST_USE_PRECISION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key.created_by, key

    def _key(self, parts) -> ApiKey | None:
        """The active key (with its maker and the maker's consultant) whose digest matches; None otherwise."""
        if parts is None:
            return None
        prefix, secret = parts
        key = (
            ApiKey.objects.active()
            .select_related("created_by__consultant", "organization", "consultancy")
            .filter(prefix=prefix)
            .first()
        )
        if key is None or not hmac.compare_digest(key.digest, ApiKey.digest_of(secret)):
            return None
        return key if _maker_still_may(key) else None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def _maker_still_may(key: ApiKey) -> bool:
    user = key.created_by
    if not user.is_active:
        return False
    if key.organization_id is not None:
        return Membership.objects.filter(
            user=user, organization_id=key.organization_id, role=Membership.Role.OWNER
        ).exists()
    if key.consultancy_id is not None:
        consultant = getattr(user, "consultant", None)
        return consultant is not None and consultant.consultancy_id == key.consultancy_id
    return True  # a banks-only key: its scope is checked where banks are served


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key made on the API keys page: `Authorization: Bearer cxm_…`.",
        }
