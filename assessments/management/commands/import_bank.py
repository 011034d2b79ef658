from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.banks import BankImportError
from assessments.banks.workbook import WorkbookProblems, import_bank_file


class Command(BaseCommand):
    help = (
        "Import a question bank from a cxmaturity.bank/1 JSON file or an Excel workbook (.xlsx). A file with "
        "problems writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            bank = import_bank_file(file.name, raw)
        except (BankImportError, WorkbookProblems) as error:
            count = len(error.problems)
            heading = ngettext(
                "%(file)s was not imported (%(count)d problem):",
                "%(file)s was not imported (%(count)d problems):",
                count,
            ) % {"file": file, "count": count}
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{heading}\n{lines}") from None
        self.stdout.write(
            _("Imported %(bank)s (%(status)s).") % {"bank": bank, "status": bank.get_status_display()}
        )
