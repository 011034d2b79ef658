import io
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.accounts import email_verify
from assessments.banks import load_default_banks
from assessments.demo_workshops import demo_consultancy
from assessments.models import Consultancy, Consultant, Membership, Organization, User

DEMO_EMAIL = "demo@example.com"
DEMO_CONSULTANT_EMAIL = "consultant@example.com"
DEMO_PEERS = 60
DEMO_WORKSHOPS = 3


class Command(BaseCommand):
    help = (
        "Load the default question bank's versions if missing, seed demonstration peers and workshops if "
        "there are none, and (re)create the demo member and consultant logins, printing their passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument(
            "--peers",
            type=int,
            default=DEMO_PEERS,
            help=f"demonstration organizations to seed when there are none (default {DEMO_PEERS}; 0: none)",
        )

    def handle(self, *args, email: str, peers: int, **options):
        if settings.PRODUCTION:
            # It (re)sets a staff login's password and prints it, and seeds made-up organizations.
            raise CommandError(
                _(
                    "setup_demo_site is for development and demonstrations: it does not run with "
                    "CXM_ENV=production. Create staff accounts with createsuperuser."
                )
            )
        for bank in load_default_banks():  # 1.0 for the demo peers and workshops, 2.0 for new assessments
            self.stdout.write(_("Question bank: %(bank)s (%(title)s)") % {"bank": bank, "title": bank.title})
        if peers > 0 and not Organization.objects.filter(is_demo=True).exists():
            call_command("seed_demo", organizations=peers, seed=1, stdout=io.StringIO())
            self.stdout.write(
                _(
                    "Demo peers: %(count)d made-up organizations with results, so that benchmarks can be "
                    "shown (remove them with: manage.py seed_demo --purge)."
                )
                % {"count": peers}
            )
        if peers > 0 and not Consultancy.objects.filter(is_demo=True).exists():
            call_command("seed_demo", workshops=DEMO_WORKSHOPS, seed=1, stdout=io.StringIO())
        password = secrets.token_urlsafe(9)
        user = demo_user(email, "Demo", password, staff=True)
        organization = Organization.objects.filter(memberships__user=user).first()
        if organization is None:
            organization = Organization.objects.create(
                name="Demo Organization", industry="retail", size_band="250-999", country="JP"
            )
            Membership.objects.create(user=user, organization=organization, role=Membership.Role.OWNER)
        self.stdout.write(
            _("Demo login: %(email)s  password: %(password)s  (member of %(organization)s, admin)")
            % {"email": email, "password": password, "organization": organization}
        )
        self.consultant_login()

    def consultant_login(self):
        """The demo consultancy's consultant, with a fresh password."""
        password = secrets.token_urlsafe(9)
        user = demo_user(DEMO_CONSULTANT_EMAIL, "Demo Consultant", password)
        consultancy = demo_consultancy()
        Consultant.objects.update_or_create(user=user, defaults={"consultancy": consultancy})
        self.stdout.write(
            _("Consultant demo login: %(email)s  password: %(password)s  (consultant of %(consultancy)s)")
            % {"email": DEMO_CONSULTANT_EMAIL, "password": password, "consultancy": consultancy}
        )


def demo_user(email: str, name: str, password: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email__iexact=email).first() or User(email=email, name=name)
    user.is_staff = user.is_superuser = staff
    user.set_password(password)
    user.save()
    # A demo address receives no mail: it counts as confirmed, so the demo shows no banner it cannot clear.
    email_verify(user=user)
    return user
