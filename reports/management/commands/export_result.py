from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.exports import dump_result, result_document, submitted_assessments


class Command(BaseCommand):
    help = (
        "Print the cxmaturity.result/1 JSON of one submitted assessment, "
        "or with --all every submitted result, one JSON object per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("public_id", nargs="?", help="the assessment's public id")
        parser.add_argument("--all", action="store_true", dest="every", help="every submitted assessment")

    def handle(self, *args, public_id: str | None, every: bool, **options):
        if every == bool(public_id):
            raise CommandError(_("Give one assessment's public id, or --all."))
        if every:
            for assessment in submitted_assessments().iterator(chunk_size=200):
                self.stdout.write(dump_result(result_document(assessment)))
            return
        assessment = submitted_assessments().filter(public_id=public_id).first()
        if assessment is None:
            raise CommandError(_("No submitted assessment %(id)s.") % {"id": public_id})
        self.stdout.write(dump_result(result_document(assessment), indent=2))
