"""People and the organizations they assess."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cxmaturity.ids import new_public_id, new_token


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with an account, who logs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    # Set when the person followed the link mailed to the address (or joined through an invitation sent to
    # it); benchmarks count only organizations with a confirmed member (reports.benchmarks.standing).
    email_verified_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    # Set when every session of the user is to end (removed from an organization): it is part of the session
    # hash, which Django checks on every request, so older sessions are logged out at their next request.
    sessions_revoked_at = models.DateTimeField(_("sessions ended"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive")]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, which ends the sessions made before a password change, salted also
        with ``sessions_revoked_at`` once that is set (unset, the hash stays Django's, so that sessions made
        before the field existed live on)."""
        if self.sessions_revoked_at is None:
            return super()._get_session_auth_hash(secret=secret)
        original = self.password
        try:
            self.password = f"{original}|{self.sessions_revoked_at.isoformat()}"
            return super()._get_session_auth_hash(secret=secret)
        finally:
            self.password = original


class Industry(models.TextChoices):
    RETAIL = "retail", _("Retail and e-commerce")
    FINANCIAL = "financial", _("Banking, insurance and financial services")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TECHNOLOGY = "technology", _("Software and IT services")
    TELECOM = "telecom", _("Telecommunications and media")
    HEALTHCARE = "healthcare", _("Healthcare and pharmaceuticals")
    HOSPITALITY = "hospitality", _("Travel, hospitality and leisure")
    UTILITIES = "utilities", _("Energy and utilities")
    PUBLIC = "public", _("Public sector and education")
    PROFESSIONAL = "professional", _("Professional services")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    SMALL = "1-49", _("1–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    VERY_LARGE = "1000-4999", _("1,000–4,999 employees")
    ENTERPRISE = "5000+", _("5,000 or more employees")


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


# The choices are declared at module level because a model's Meta cannot see names of the model's body.
class Organization(models.Model):
    Industry = Industry
    SizeBand = SizeBand

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand)
    country = CountryField(_("country"))
    is_demo = models.BooleanField(
        _("demonstration data"), default=False, help_text=_("Made up by seed_demo; disclosed in benchmarks.")
    )
    # Set for a client organization that a consultancy keeps; its consultants see its workshops and results.
    consultancy = models.ForeignKey(
        "assessments.Consultancy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("consultancy"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(industry__in=Industry.values), name="organization_industry_valid"
            ),
            models.CheckConstraint(
                condition=Q(size_band__in=SizeBand.values), name="organization_size_band_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    Role = MembershipRole

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            ),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.CXM_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither used nor revoked, and not expired: the invitations that can still be accepted."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join an organization, for one e-mail address: used once, by an account with that
    address, before it expires and unless an owner revoked it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("joined")
    )
    accepted_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organization} ({self.expires_at:%Y-%m-%d})"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return self.Status.USED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def is_for(self, email: str) -> bool:
        """Whether an account with this address may accept the invitation (case does not matter)."""
        return self.email.casefold() == email.casefold()
