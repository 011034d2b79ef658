"""What a key may do: read with any key, write (start, create, close, import) with a read-write key only;
an organization's data with its key, a consultancy's with its key, banks with a key whose maker edits
banks."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from assessments.models import ApiKey
from assessments.services import is_bank_editor


class KeyAccess(permissions.BasePermission):
    """Any valid key reads; only a read-write key writes."""

    message = _("This API key is read-only: make a read-write key to change anything.")

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return False
        return request.method in permissions.SAFE_METHODS or key.can_write


class OrganizationKey(permissions.BasePermission):
    message = _("This endpoint needs an organization's API key.")

    def has_permission(self, request, view):
        return request.auth.organization_id is not None


class AssessmentsKey(permissions.BasePermission):
    message = _("This endpoint needs an organization's or a consultancy's API key.")

    def has_permission(self, request, view):
        return request.auth.organization_id is not None or request.auth.consultancy_id is not None


class ConsultancyKey(permissions.BasePermission):
    message = _("This endpoint needs a consultancy's API key.")

    def has_permission(self, request, view):
        return request.auth.consultancy_id is not None


class BanksKey(permissions.BasePermission):
    message = _("This endpoint needs an API key with the question banks scope, made by a bank editor.")

    def has_permission(self, request, view):
        return request.auth.banks and is_bank_editor(request.auth.created_by)
