"""API keys, for an organization's owners, consultants and bank editors: make one (its secret shown on this
answer only, never again), see when each was last used, revoke one. Anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..api_key_forms import ApiKeyForm
from ..services import api_key_create, api_key_owners, api_keys_visible


def _owners(request):
    owners = api_key_owners(request.user)
    if not owners.any:
        raise Http404
    return owners


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request):
    owners = _owners(request)
    form = ApiKeyForm(request.POST or None, owners=owners)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = api_key_create(by=request.user, **form.key_arguments())
        form = ApiKeyForm(owners=owners)
    keys = (
        api_keys_visible(owners, request.user)
        .select_related("organization", "consultancy", "created_by")
        .order_by("revoked_at", "-created_at", "-pk")
    )
    response = render(
        request,
        "assessments/api_keys.html",
        {"form": form, "keys": keys, "created": created, "secret": secret, "owners": owners},
    )
    add_never_cache_headers(response)  # the new key's secret must not stay in any cache
    return response


@login_required
@require_POST
def api_key_revoke(request, public_id: str):
    owners = _owners(request)
    key = get_object_or_404(api_keys_visible(owners, request.user), public_id=public_id)
    key.revoke()
    messages.success(
        request, _("The key %(key)s is revoked: it no longer opens the API.") % {"key": key.masked}
    )
    return redirect("api_keys")
