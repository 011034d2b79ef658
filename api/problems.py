"""Errors as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``, ``detail`` and
``instance``, in the language of the request (LocaleMiddleware reads Accept-Language). A 400 also lists what
was wrong with each field in ``errors``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:cxmaturity:problem:"


def _titles() -> dict[int, tuple[str, str]]:
    """By status: the problem type's last part and its title, translated when asked for."""
    return {
        400: ("invalid", _("The request is not valid")),
        401: ("unauthenticated", _("An API key is needed")),
        403: ("forbidden", _("This key may not do that")),
        404: ("not-found", _("Not found")),
        405: ("method-not-allowed", _("Method not allowed")),
        406: ("not-acceptable", _("Not acceptable")),
        415: ("unsupported-media-type", _("Unsupported media type")),
        429: ("throttled", _("Too many requests")),
    }


def problem(status_code: int, detail: str, instance: str, **extra) -> dict:
    code, title = _titles().get(status_code, ("error", _("Something went wrong")))
    return {
        "type": f"{TYPE_BASE}{code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def _detail(exc) -> str:
    """The project's own words for Django REST framework's errors (whose translations are not loaded)."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Send an API key in the header Authorization: Bearer <key>.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("This endpoint does not answer %(method)s.") % {"method": exc.args[0] if exc.args else ""}
    if isinstance(exc, exceptions.ParseError):
        return _("The body is not valid JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send the body as JSON (Content-Type: application/json).")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("This API answers in JSON only.")
    if isinstance(exc, exceptions.Throttled):
        return _("Too many requests with this key. Please try again in %(seconds)d seconds.") % {
            "seconds": exc.wait or 1
        }
    return str(exc.detail)


def exception_handler(exc, context):
    """DRF's handler (which sets WWW-Authenticate and Retry-After), its body rewritten as a problem."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Nothing here, or nothing this key may see."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Some of the data sent is not valid; see errors.")
        extra["errors"] = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
    else:
        detail = _detail(exc)
    response.data = problem(response.status_code, detail, request.path, **extra)
    response.content_type = MEDIA_TYPE
    return response


def not_found(request, exception=None):
    """The 404 of a URL under /api/ that no view answers, as a problem like the API's own."""
    body = problem(status.HTTP_404_NOT_FOUND, _("There is no such endpoint."), request.path)
    return JsonResponse(body, status=404, content_type=MEDIA_TYPE, json_dumps_params={"ensure_ascii": False})
