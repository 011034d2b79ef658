import io

import segno
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.admin_site import AlreadyEnrolled, totp_enrol
from assessments.models import User


class Command(BaseCommand):
    help = (
        "Enrol an authenticator app (TOTP) for a staff member, who then logs in to the admin with its codes: "
        "prints the otpauth:// address and its QR code for the app to scan."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the app already enrolled (a lost phone): the old one's codes stop working",
        )

    def handle(self, *args, email: str, replace: bool, **options):
        user = User.objects.filter(email__iexact=email, is_staff=True, is_active=True).first()
        if user is None:
            raise CommandError(_("No active staff account has the address %(email)s.") % {"email": email})
        try:
            device = totp_enrol(user=user, replace=replace)
        except AlreadyEnrolled:
            raise CommandError(
                _(
                    "%(email)s has an authenticator app enrolled already. To replace it (its codes stop "
                    "working), run the command again with --replace."
                )
                % {"email": user.email}
            ) from None
        qr = io.StringIO()
        segno.make(device.config_url, error="m").terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue(), ending="")
        self.stdout.write(device.config_url)
        self.stdout.write(
            _(
                "Scan the QR code (or enter the address above) in an authenticator app on %(email)s's "
                "phone, then log in to the admin with the app's 6-digit code. Keep this output private: "
                "it holds the key."
            )
            % {"email": user.email}
        )
