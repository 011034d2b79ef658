"""``Cache-Control: no-store`` on what is private, so that no browser or proxy cache keeps a copy of it.

Private is every response to a request that carries a session (a logged-in user, a workshop participant,
someone between two steps of signing up) and every download (``Content-Disposition: attachment``: answers,
results, reports, banks). Public pages (home, the sample report, static files) stay cacheable. A view that
sets its own Cache-Control keeps it: the sample PDF (public, an hour), the admin (``never_cache``), the polled
blocks of live pages (``conditional``: private, no-store, and their ETag, which htmx sends itself).
"""

from django.utils.cache import patch_cache_control


def is_private(request, response) -> bool:
    if response.get("Content-Disposition", "").lower().startswith("attachment"):
        return True
    session = getattr(request, "session", None)
    # is_empty() neither loads the session nor marks it accessed: an anonymous page gets no Vary: Cookie.
    return session is not None and not session.is_empty()


class NoStorePrivateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and is_private(request, response):
            patch_cache_control(response, no_store=True)
        return response
