"""The admin site (``admin.site``, through ``cxmaturity.apps.AdminConfig``).

With ``settings.CXM_ADMIN_2FA`` (on in production), staff log in to it with their password and a code from
their authenticator app (TOTP devices of django-otp, enrolled with ``manage.py enrol_totp EMAIL``), and only
a session verified that way gets in: a staff member logged in to the site with a password alone is sent to
the admin's log-in. Without the setting, the admin asks for the password only. Either way the site's
throttles count failed log-ins (``account_forms.ThrottledLoginMixin``).
"""

import functools

from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .account_forms import AdminLoginForm, AdminTOTPLoginForm
from .models import User


def second_factor_required() -> bool:
    return settings.CXM_ADMIN_2FA


class SecondFactorAdminSite(admin.AdminSite):
    @property
    def login_form(self):
        return AdminTOTPLoginForm if second_factor_required() else AdminLoginForm

    @property
    def login_template(self):
        return "admin/login_totp.html" if second_factor_required() else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not second_factor_required() or request.user.is_verified()


def admin_required(view):
    """For the staff pages outside the admin's URLs (bank comparison, workbooks): the admin's own rule (staff,
    and with ``CXM_ADMIN_2FA`` a verified second factor), or its log-in page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return admin.site.admin_view(view)(request, *args, **kwargs)

    return wrapped


class AlreadyEnrolled(Exception):
    pass


@transaction.atomic
def totp_enrol(*, user: User, replace: bool = False) -> TOTPDevice:
    """A new authenticator app (TOTP device, a fresh random key) for a staff member. An app enrolled before is
    replaced only when asked (a lost phone): its codes stop working."""
    devices = TOTPDevice.objects.filter(user=user)
    if devices.exists() and not replace:
        raise AlreadyEnrolled
    devices.delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
