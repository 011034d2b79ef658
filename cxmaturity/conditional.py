"""Conditional responses for what a page polls: an unchanged state answers 304 Not Modified, without a body.

The polling element sends the ETag of what it shows in ``If-None-Match`` itself (htmx's ``hx-headers``,
rendered with the content: ``poll_headers``). A request whose script sets a conditional header bypasses the
browser's cache, so the 304 reaches htmx, and the responses can be ``no-store`` like every private page. The
element polls with ``hx-swap="none"``, and the content it gets back replaces it out of band
(``hx-swap-oob``), so that a 304's empty body changes nothing on the page. The ETag is computed from the
database, never from a process's memory, so that any of several app servers answers the same.
"""

import hashlib
import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control


def etag_for(*parts) -> str:
    """A strong ETag for the state the parts describe (counts, timestamps, the language…)."""
    text = "\x1f".join(str(part) for part in parts)
    return f'"{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}"'


def poll_headers(etag: str) -> str:
    """The ``hx-headers`` value with which a polling element asks for new content only once it has changed."""
    return json.dumps({"If-None-Match": etag})


def conditional(request: HttpRequest, etag: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """304 without rendering when the client already shows ``etag``; otherwise what ``render`` returns."""
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = render()
    response.headers["ETag"] = etag
    # Private (a consultant's page): no cache keeps it. The 304s need no cache: htmx sends the ETag itself.
    patch_cache_control(response, private=True, no_store=True)
    return response
