from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.banks import dump_bank, export_bank
from assessments.banks.workbook import document_to_workbook
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = (
        "Write a question bank as cxmaturity.bank/1 JSON (to standard output unless -o is given) or as an "
        "Excel workbook (--format xlsx, to -o or <slug>-<version>.xlsx): the highest version unless "
        "--version is given."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # "--version" names the bank's version here, not Django's: let ours replace the built-in option.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version", dest="bank_version", help="for example 1.0")
        parser.add_argument("--format", choices=("json", "xlsx"), default="json")
        parser.add_argument("-o", "--output", type=Path, help="the file to write")

    def handle(self, *args, slug: str, bank_version: str | None, format: str, output: Path | None, **options):
        banks = QuestionBank.objects.filter(slug=slug)
        if bank_version:
            bank = banks.filter(version=bank_version).first()
        else:
            bank = banks.latest_version(published=False)
        if bank is None:
            if bank_version:
                raise CommandError(
                    _("No question bank %(slug)s version %(version)s.")
                    % {"slug": slug, "version": bank_version}
                )
            raise CommandError(_("No question bank %(slug)s.") % {"slug": slug})
        document = export_bank(bank)
        if format == "json" and output is None:
            self.stdout.write(dump_bank(document), ending="")
            return
        output = output or Path(f"{bank.slug}-{bank.version}.xlsx")
        content = document_to_workbook(document) if format == "xlsx" else dump_bank(document).encode()
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": error.strerror}
            ) from None
        self.stdout.write(_("Wrote %(bank)s to %(file)s.") % {"bank": bank, "file": output})
