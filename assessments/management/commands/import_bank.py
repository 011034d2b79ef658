from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.banks import BankImportError, import_bank, parse_bank


class Command(BaseCommand):
    help = "Import a question bank from a cxmaturity.bank/1 JSON file. A malformed file writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            bank = import_bank(parse_bank(raw))
        except BankImportError as error:
            count = len(error.problems)
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"{file} was not imported ({count} problem{'s' if count != 1 else ''}):\n{lines}"
            ) from None
        self.stdout.write(f"Imported {bank.slug} {bank.version} ({bank.get_status_display()}).")
