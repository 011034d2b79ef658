"""The hot-path benchmark's constant reference (scripts/benchmark_hotpath.py): the app's WSGI application,
except that ``/__constant__/`` answers the HTML file named by ``CXM_CONSTANT_HTML`` as it is, read once: what
the same gunicorn worker costs for the same bytes without Django."""

import os
from pathlib import Path

from cxmaturity.wsgi import application as app

_BODY = Path(os.environ["CXM_CONSTANT_HTML"]).read_bytes()
_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/__constant__/":
        start_response("200 OK", _HEADERS)
        return [_BODY]
    return app(environ, start_response)
