from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.banks import export_bank
from assessments.banks.compare import compare_banks
from assessments.banks.compare_markdown import diff_to_markdown
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = (
        "Write what changed between two versions of a question bank, as Markdown (English unless --language)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("before", help="the older version, for example 1.0")
        parser.add_argument("after", help="the newer version, for example 2.0")
        parser.add_argument("--language", choices=("en", "ja"), default="en")

    def handle(self, *args, slug: str, before: str, after: str, language: str, **options):
        documents = []
        for version in (before, after):
            bank = QuestionBank.objects.filter(slug=slug, version=version).first()
            if bank is None:
                raise CommandError(
                    _("No question bank %(slug)s version %(version)s.") % {"slug": slug, "version": version}
                )
            documents.append(export_bank(bank))
        languages = (language, *(code for code in ("en", "ja") if code != language))
        with translation.override(language):
            diff = compare_banks(*documents, languages=languages)
            self.stdout.write(diff_to_markdown(diff), ending="")
