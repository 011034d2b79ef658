"""Consultancies: firms whose consultants keep client organizations and run workshops for them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cxmaturity import brand
from cxmaturity.ids import new_public_id

COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
# A logo is stored re-encoded as PNG (see assessments.branding); what is uploaded may be at most this large.
LOGO_MAX_BYTES = 1024 * 1024


class Consultancy(models.Model):
    """A firm of one or more consultants. Its name, logo and accent colour brand its workshops' reports."""

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    name = models.CharField(_("name"), max_length=200, help_text=_("Shown on the reports of your workshops."))
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=brand.ACCENT,
        validators=[RegexValidator(COLOUR_PATTERN, _("Give a colour as # and six hexadecimal digits."))],
        help_text=_("For example #0b5c6b."),
    )
    # PNG bytes, re-encoded from the upload; kept in the database so every app server can serve it.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(
        _("demonstration data"), default=False, help_text=_("Made up by seed_demo; removed by its --purge.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultancy")
        verbose_name_plural = _("consultancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(accent_colour__regex=COLOUR_PATTERN), name="consultancy_accent_colour_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Consultant(models.Model):
    """A user who works for a consultancy (one consultancy per user)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant")
    consultancy = models.ForeignKey(Consultancy, on_delete=models.CASCADE, related_name="consultants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self):
        return f"{self.user} @ {self.consultancy}"
