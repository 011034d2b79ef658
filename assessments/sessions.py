"""How long a logged-in session lasts: it ends after ``CXM_SESSION_IDLE_SECONDS`` without a request and, at
the latest, ``CXM_SESSION_MAX_SECONDS`` after logging in; the user is logged out and asked to log in again.

The session holds when it started (set on log-in) and when it was last used. Every request of the user counts
as use, autosaves and the live pages' polls included, so a questionnaire or a workshop being worked on stays
open; the last use is written at most once a minute, not on every request.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED = "cxm_started"  # seconds since the epoch, as the session serializer keeps numbers
LAST_USED = "cxm_last_used"
WRITE_EVERY = 60  # seconds: a request within this time of the recorded last use does not write the session


def _now() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="session_lifetime_start")
def _start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[LAST_USED] = _now()


def expiry(session, now: float) -> str | None:
    """Why the logged-in ``session`` has ended at ``now``, or None while it is alive."""
    started, last_used = session.get(STARTED), session.get(LAST_USED)
    if started is None or last_used is None:
        return None  # a session from before these limits: it starts now
    if now - started > settings.CXM_SESSION_MAX_SECONDS:
        return _("For your security, sessions last at most %(hours)s hours. Please log in again.") % {
            "hours": _hours(settings.CXM_SESSION_MAX_SECONDS)
        }
    if now - last_used > settings.CXM_SESSION_IDLE_SECONDS:
        return _("You were logged out after %(hours)s hours without activity. Please log in again.") % {
            "hours": _hours(settings.CXM_SESSION_IDLE_SECONDS)
        }
    return None


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:g}"


class SessionLifetimeMiddleware:
    """Log out a session past its idle or absolute limit (the log-in page says why); record the last use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now, session = _now(), request.session
            reason = expiry(session, now)
            if reason is not None:
                return self._logged_out(request, reason)
            session.setdefault(STARTED, now)
            if now - session.get(LAST_USED, 0) >= WRITE_EVERY:
                session[LAST_USED] = now
        return self.get_response(request)

    @staticmethod
    def _logged_out(request, reason: str) -> HttpResponse:
        logout(request)
        messages.info(request, reason)
        if getattr(request, "htmx", False):
            # An autosave or a poll: the whole page goes to the log-in page, which comes back to it.
            page = request.htmx.current_url_abs_path or request.get_full_path()
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(page).url
            return response
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)  # a form posted after the limit: what it sent is not kept
