from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.banks import dump_bank, export_bank
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = "Print a question bank as cxmaturity.bank/1 JSON (the highest version unless --version is given)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # "--version" names the bank's version here, not Django's: let ours replace the built-in option.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version", dest="bank_version", help="for example 1.0")

    def handle(self, *args, slug: str, bank_version: str | None, **options):
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
        self.stdout.write(dump_bank(export_bank(bank)), ending="")
