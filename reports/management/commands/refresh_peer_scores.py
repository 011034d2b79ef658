from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.benchmarks import peer_scores_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the peer scores of benchmarks from every organization's latest submitted result "
        "on each question bank."
    )

    def handle(self, *args, **options):
        rows = peer_scores_rebuild()
        self.stdout.write(_("Rebuilt the peer scores: %(rows)d rows.") % {"rows": rows})
