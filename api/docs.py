"""The interactive documentation: Swagger UI from drf-spectacular-sidecar's files (no CDN), its set-up
script fetched from the same view (no inline script), its page styles from a static file (no inline
style), so that the site's strict Content-Security-Policy holds here too."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api_schema"
    authentication_classes = []
    permission_classes = []
    throttle_classes = []
