"""Page-number pagination with a bounded page size, and the throttle of each API key."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from assessments.models import ApiKey


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("There is no such page.")


class ApiKeyThrottle(SimpleRateThrottle):
    """Requests per key in a window (``CXM_THROTTLE_API_KEY``), counted in the shared database cache so that
    every app server counts the same requests."""

    scope = "api_key"

    def get_rate(self):
        return "configured"

    def parse_rate(self, rate):
        return settings.CXM_THROTTLES["api_key"]

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return f"throttle:api_key:{request.auth.pk}"
