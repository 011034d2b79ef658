from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.models import Assessment
from cxmaturity.i18n import CONTENT_LANGUAGES, content_language
from reports.pdf import assessment_report_html, render_pdf


class Command(BaseCommand):
    help = "Write the PDF report of one submitted assessment."

    def add_arguments(self, parser):
        parser.add_argument("public_id", help="the assessment's public id")
        parser.add_argument(
            "--lang", choices=CONTENT_LANGUAGES, help="the report's language (default: the site's language)"
        )
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, public_id: str, lang: str | None, output: str, **options):
        """Speaks the report's language when --lang is given."""
        lang = lang or content_language()
        with translation.override(lang):
            self.write_report(public_id, lang, output)

    def write_report(self, public_id: str, lang: str, output: str):
        assessment = (
            Assessment.objects.select_related("organization", "bank", "result")
            .filter(public_id=public_id)
            .first()
        )
        if assessment is None:
            raise CommandError(_("No assessment %(id)s.") % {"id": public_id})
        if not assessment.has_result:
            raise CommandError(
                _("Assessment %(id)s is not submitted yet, so it has no report.") % {"id": public_id}
            )
        pdf = render_pdf(assessment_report_html(assessment, lang))
        path = Path(output)
        try:
            path.write_bytes(pdf.data)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": error.strerror}
            ) from error
        self.stdout.write(
            _("Wrote %(file)s (%(pages)d pages).") % {"file": path.resolve(), "pages": pdf.pages}
        )
