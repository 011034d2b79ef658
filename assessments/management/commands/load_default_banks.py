from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from assessments.banks import load_default_banks


class Command(BaseCommand):
    help = _(
        "Import every version of the default question bank that the database does not have yet (1.0, then "
        "2.0); versions already there are kept as they are. New assessments use the latest."
    )

    def handle(self, *args, **options):
        for bank in load_default_banks():
            self.stdout.write(_("Question bank: %(bank)s (%(title)s)") % {"bank": bank, "title": bank.title})
