"""API keys: how another system (a BI tool, a CRM) reads an organization's or a consultancy's data through
the REST API (the ``api`` package). A key is shown once when it is made; only its SHA-256 digest is kept,
beside a short public prefix that finds it and that its list shows."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cxmaturity.ids import new_public_id

from .consultancies import Consultancy
from .organizations import Organization

KEY_START = "cxm_"  # every key begins so, which secret scanners and readers recognise
PREFIX_LENGTH = 8


def split_key(key: str) -> tuple[str, str] | None:
    """(prefix, whole key) of a key written ``cxm_<prefix>_<secret>``, or None for anything else."""
    if not key.startswith(KEY_START):
        return None
    prefix, underscore, secret = key[len(KEY_START) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not underscore or not secret:
        return None
    return prefix, key


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    class Access(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. “BI dashboard”.")
    )
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)  # SHA-256 of the whole key, in hex
    access = models.CharField(_("access"), max_length=5, choices=Access, default=Access.READ)
    # Export and import of question banks; honoured only while the key's maker is a bank editor.
    banks = models.BooleanField(_("question banks"), default=False)
    # Whose data the key reads: an organization's, a consultancy's, or neither (a bank editor's banks key).
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="api_keys"
    )
    consultancy = models.ForeignKey(
        Consultancy, on_delete=models.CASCADE, null=True, blank=True, related_name="api_keys"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(consultancy__isnull=True),
                name="api_key_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(consultancy__isnull=False) | Q(banks=True),
                name="api_key_has_a_purpose",
            ),
            models.CheckConstraint(condition=Q(access__in=["read", "write"]), name="api_key_access_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.masked})"

    @property
    def masked(self) -> str:
        return f"{KEY_START}{self.prefix}_…"

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.WRITE

    @classmethod
    def new_secret(cls) -> tuple[str, str]:
        """A fresh (prefix, key): 256 random bits after a prefix of 48 more."""
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        return prefix, f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
