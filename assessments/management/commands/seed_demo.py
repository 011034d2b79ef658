from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.banks import load_default_bank
from assessments.demo import purge_demo, seed_demo
from assessments.demo_workshops import seed_demo_workshops
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = (
        "Create demonstration organizations (flagged as demo) with submitted, scored assessments, "
        "or remove them all with --purge."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=0, help="how many organizations to create")
        parser.add_argument(
            "--workshops",
            type=int,
            default=0,
            help="how many closed workshops of a demo consultancy to create",
        )
        parser.add_argument("--seed", type=int, help="random seed, for the same data every time")
        parser.add_argument("--bank", help="bank slug (default: the latest published default bank)")
        parser.add_argument("--purge", action="store_true", help="delete all demo data and nothing else")

    def handle(self, *args, organizations: int, workshops: int, seed, bank, purge: bool, **options):
        if purge:
            count = purge_demo()
            self.stdout.write(
                _("Removed %(count)d demo organizations and their assessments.") % {"count": count}
            )
            if not organizations and not workshops:
                return
        if organizations < 0 or workshops < 0 or not organizations + workshops:
            raise CommandError(_("Give --organizations N or --workshops N (N ≥ 1), or --purge."))
        if bank:
            chosen = QuestionBank.objects.latest_version(bank)
            if chosen is None:
                raise CommandError(_("No published question bank %(slug)s.") % {"slug": bank})
        else:
            chosen = load_default_bank()
        created = seed_demo(organizations=organizations, seed=seed, bank=chosen) if organizations else []
        held = seed_demo_workshops(workshops=workshops, seed=seed, bank=chosen) if workshops else []
        # Demo submissions are back-dated after they are submitted, so the aggregates maintained on submission
        # (the peer scores of benchmarks, in reports) are rebuilt from the final data. Called by name:
        # assessments never imports reports.
        call_command("refresh_peer_scores", stdout=self.stdout)
        if created:
            self.stdout.write(
                _("Created %(count)d demo organizations with submitted assessments on %(bank)s.")
                % {"count": len(created), "bank": chosen}
            )
        if held:
            self.stdout.write(
                _("Created %(count)d closed demo workshops of %(consultancy)s on %(bank)s.")
                % {
                    "count": len(held),
                    "consultancy": held[0].assessment.organization.consultancy,
                    "bank": chosen,
                }
            )
