from django.contrib import admin

from .models import PeerScore


@admin.register(PeerScore)
class PeerScoreAdmin(admin.ModelAdmin):
    """The aggregate behind benchmarks: read-only here, rebuilt by ``manage.py refresh_peer_scores``."""

    list_display = [
        "organization",
        "bank_slug",
        "key",
        "score",
        "industry",
        "size_band",
        "country",
        "is_demo",
    ]
    list_filter = ["bank_slug", "is_demo", "industry", "size_band", "country"]
    list_select_related = ["organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
