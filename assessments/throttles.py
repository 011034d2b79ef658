"""Anti-automation: how often an account or a client address may try something (log in, ask for a password
reset, sign up, join a workshop, download a PDF report) before it is told to wait.

Each ``Throttle`` is a sliding window: the times of the attempts counted in the last PERIOD seconds, in
Django's database cache (``settings.CACHES``), so that every app server behind the proxy counts the same
attempts. Limits are ``settings.CXM_THROTTLES`` (``COUNT/PERIOD`` from the environment). Identities are
hashed into the cache key: no e-mail or IP address is stored in clear.

A view that refuses calls ``refuse(request, refusal)``: the page says why and when to try again, and
``TooManyRequestsMiddleware`` turns its answer into a 429 with ``Retry-After``. Reading and writing a window
are two queries, not one atomic step: requests that arrive at the very same moment may each count once more
than the limit, which the number of app server workers bounds.
"""

import hashlib
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

REFUSAL = "throttle_refusal"  # the request attribute that TooManyRequestsMiddleware reads


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds until the oldest counted attempt leaves the window

    @property
    def wait(self) -> str:
        minutes = math.ceil(self.retry_after / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}

    @property
    def message(self) -> str:
        return _("Too many attempts in a short time. Please try again in %(wait)s.") % {"wait": self.wait}


@dataclass(frozen=True)
class Throttle:
    name: str  # a key of settings.CXM_THROTTLES

    @property
    def rate(self) -> tuple[int, int]:
        return settings.CXM_THROTTLES[self.name]

    def _key(self, identity: str) -> str:
        digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def _recent(self, key: str, now: float) -> list[float]:
        _limit, period = self.rate
        return [moment for moment in cache.get(key, []) if moment > now - period]

    def _refusal(self, recent: list[float], now: float) -> Refusal | None:
        limit, period = self.rate
        if len(recent) < limit:
            return None
        return Refusal(max(1, math.ceil(recent[-limit] + period - now)))

    def refusal(self, identity: str) -> Refusal | None:
        """A refusal while the limit of attempts is reached for ``identity``; counts nothing (a query)."""
        now = _now()
        return self._refusal(self._recent(self._key(identity), now), now)

    def count(self, identity: str) -> None:
        """Count one attempt for ``identity``."""
        key, now = self._key(identity), _now()
        self._store(key, self._recent(key, now), now)

    def hit(self, identity: str) -> Refusal | None:
        """Count one attempt, or refuse (counting nothing) when the limit is already reached: the window's
        read, and its write (the database cache counts its rows, then updates or inserts one)."""
        key, now = self._key(identity), _now()
        recent = self._recent(key, now)
        refusal = self._refusal(recent, now)
        if refusal is None:
            self._store(key, recent, now)
        return refusal

    def _store(self, key: str, recent: list[float], now: float) -> None:
        limit, period = self.rate
        cache.set(key, [*recent, now][-limit:], timeout=period)

    def reset(self, identity: str) -> None:
        cache.delete(self._key(identity))


LOGIN_ACCOUNT = Throttle("login_account")
LOGIN_ADDRESS = Throttle("login_address")
PASSWORD_RESET_ADDRESS = Throttle("password_reset_address")
PASSWORD_RESET_MAIL = Throttle("password_reset_mail")
SIGNUP_ADDRESS = Throttle("signup_address")
WORKSHOP_JOIN_ADDRESS = Throttle("workshop_join_address")
PDF_DOWNLOAD_USER = Throttle("pdf_download_user")


def _now() -> float:
    return timezone.now().timestamp()


def client_address(request) -> str:
    """Who is asking: REMOTE_ADDR, or with ``CXM_PROXY_HOPS`` proxies in front, the address the outermost of
    them saw (X-Forwarded-For, counted from the right, as each proxy appends to it). IPv6 addresses count by
    their /64 network, which one client holds whole."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.CXM_PROXY_HOPS
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def mark_refused(request, refusal: Refusal) -> None:
    """Answer this request with a 429 and Retry-After, whatever page it renders (which says why)."""
    setattr(request, REFUSAL, refusal)


def refuse(request, refusal: Refusal, message: str | None = None) -> None:
    """Say on the page being rendered, above its content, why the request was refused; answer with a 429."""
    messages.error(request, message or refusal.message)
    mark_refused(request, refusal)


class TooManyRequestsMiddleware:
    """A page rendered for a refused request (``refuse``) answers 429 Too Many Requests with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        refusal = getattr(request, REFUSAL, None)
        if refusal is not None and response.status_code < 300:
            response.status_code = 429
            response["Retry-After"] = str(refusal.retry_after)
        return response
