"""The maintained aggregate behind benchmarks.

`PeerScore` holds, per organization and bank slug, the stored (rounded) scores of the organization's latest
submitted assessment on that slug: one row for the overall score (key "") and one per dimension with a defined
score. The peer group's filters are copied onto every row, so that the statistics of any group are one
``GROUP BY key, score`` over an index, whatever the number of peers. `reports.benchmarks` keeps it fresh.

Every submitted organization has rows; only those marked ``counted`` are anyone's peers: verified
organizations, one per e-mail domain (``reports.benchmarks.standing`` holds the rule).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from assessments.models import Assessment, Organization
from cxmaturity.ids import new_token


class PeerScore(models.Model):
    OVERALL = ""  # the key of the overall score

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    bank_slug = models.CharField(_("question bank"), max_length=64)
    # Peers answered a bank version with the same dimension codes: a hash of the sorted codes
    # (assessments.banks.compare.dimension_signature, the rule of comparable versions).
    signature = models.CharField(_("dimension signature"), max_length=64)
    key = models.CharField(_("dimension"), max_length=64, blank=True)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    # Copies of the organization's and the assessment's fields, for the filters of the peer group.
    industry = models.CharField(_("industry"), max_length=20, choices=Organization.Industry)
    size_band = models.CharField(_("size"), max_length=10, choices=Organization.SizeBand)
    country = CountryField(_("country"))
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    # The organization's standing as a peer: verified (a member confirmed their address, a consultancy keeps
    # it, or demonstration data), the e-mail domain its confirmed members share ("" for none, or a public
    # webmail domain), and whether it counts: verified, and the latest to submit of its domain.
    verified = models.BooleanField(_("verified"), default=False)
    domain = models.CharField(_("e-mail domain"), max_length=253, blank=True)
    counted = models.BooleanField(_("counted as a peer"), default=False)
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("peer score")
        verbose_name_plural = _("peer scores")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "bank_slug", "key"], name="peer_score_unique_organization_slug_key"
            ),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="peer_score_score_range"),
        ]
        # Each query of a comparison reads one index and never the table (a covering index: the columns it
        # filters, groups and counts on, the organization to leave out).
        indexes = [
            # The group sizes of the four widening steps: the overall rows (key "") with the filters.
            models.Index(
                fields=[
                    "bank_slug",
                    "signature",
                    "counted",
                    "key",
                    "industry",
                    "country",
                    "size_band",
                    "is_demo",
                    "organization",
                ],
                name="peer_score_sizes",
            ),
            # The histogram of a filtered group. The filters in the order they are dropped (size band first,
            # industry last), so that each widening step is a prefix; then in GROUP BY order.
            models.Index(
                fields=[
                    "bank_slug",
                    "signature",
                    "counted",
                    "industry",
                    "country",
                    "size_band",
                    "key",
                    "score",
                    "organization",
                ],
                name="peer_score_group",
            ),
            # The histogram of the widest group (every peer on the bank), in GROUP BY order.
            models.Index(
                fields=["bank_slug", "signature", "counted", "key", "score", "organization"],
                name="peer_score_histogram",
            ),
            # The rows of one e-mail domain, when the one of them that counts is chosen again.
            models.Index(fields=["bank_slug", "domain"], name="peer_score_domain"),
        ]

    def __str__(self):
        return f"{self.organization_id} {self.bank_slug} {self.key or 'overall'}: {self.score}"


class JobKind(models.TextChoices):
    CLIENT_REPORTS = "client_reports", _("Every report of a client")
    ALL_CLIENT_REPORTS = "all_client_reports", _("Every report of every client")
    BANK_ANSWERS = "bank_answers", _("Every answer of a bank version")
    PEER_SCORES = "peer_scores", _("Rebuild the peer scores")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Work done by the worker (``reports.jobs``) for someone who waits on its page: what to make, how far it
    is, and the file it made or why it failed. Its page and download are found by ``token`` (256 random bits)
    and shown only to whom it belongs."""

    Kind = JobKind
    Status = JobStatus

    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    # Whose it is: a consultancy's (its clients' reports), or staff's (bank exports, peer scores).
    consultancy = models.ForeignKey(
        "assessments.Consultancy", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    bank = models.ForeignKey(
        "assessments.QuestionBank", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file_format = models.CharField(_("format"), max_length=4, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("why it failed"), blank=True)
    file_name = models.CharField(max_length=255, blank=True)  # in the "jobs" storage
    download_name = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_valid"),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")) | Q(total=0), name="job_progress"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
