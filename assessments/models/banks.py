"""Question banks: versioned, bilingual questionnaires with their levels, dimensions and recommendations.

A published bank is frozen. Its content can only change in a new draft version, so every stored result keeps
meaning what it meant when it was given.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cxmaturity.i18n import Translated, translated_fields

from ..scoring import MAX_SCORE, MIN_SCORE

VERSION_RE = r"^\d+(\.\d+)*$"
CODE_RE = r"^[a-z0-9][a-z0-9_.-]*$"
LEVELS = range(1, 6)
DEFAULT_BANK_SLUG = "cx-maturity"

code_validator = RegexValidator(
    CODE_RE,
    _("Use lowercase letters, digits, dots, hyphens and underscores, starting with a letter or digit."),
)


class QuestionBankQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionBank.Status.PUBLISHED)

    def latest_version(self, slug: str | None = None, *, published: bool = True) -> "QuestionBank | None":
        """The highest version (compared number by number: 1.10 > 1.9) of a slug, or of any slug."""
        banks = self.published() if published else self.all()
        if slug is not None:
            banks = banks.filter(slug=slug)
        return max(banks, key=QuestionBank.version_key, default=None)

    def for_new_assessments(self) -> "QuestionBank | None":
        """The bank a new self-assessment uses: the latest published version of the default slug (of any slug
        while the default one has none)."""
        banks = list(self.published())  # one query
        default = [bank for bank in banks if bank.slug == DEFAULT_BANK_SLUG]
        return max(default or banks, key=QuestionBank.version_key, default=None)


class InBankOrderQuerySet(models.QuerySet):
    """Rows in the order the bank lists them. The pk breaks ties between equal ``order`` values, which the
    database would otherwise return in any order (PostgreSQL did, and a page was skipped)."""

    bank_order = ("order", "pk")

    def in_bank_order(self):
        return self.order_by(*self.bank_order)


class DimensionContentQuerySet(InBankOrderQuerySet):
    """Questions and recommendations: by their dimension's place in the bank, then their own."""

    bank_order = ("dimension__order", "dimension_id", "order", "pk")


class BankStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionType(models.TextChoices):
    LEVEL = "level", _("Maturity level (1–5)")
    CHOICE = "choice", _("Single choice with scores")
    CHECKLIST = "checklist", _("Checklist")


class Effort(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


def recorded_by(verbose_name) -> models.ForeignKey:
    """Who did something to a bank version; kept as empty if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


# The choices are declared at module level because a model's Meta cannot see names of the model's body.
class QuestionBank(models.Model):
    Status = BankStatus

    slug = models.SlugField(_("slug"), max_length=64)
    version = models.CharField(
        _("version"),
        max_length=20,
        validators=[RegexValidator(VERSION_RE, _("Use numbers like 1.0 or 2.1."))],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    title_en, title_ja = translated_fields(verbose_name=_("title"), max_length=200)
    description_en, description_ja = translated_fields(
        models.TextField, verbose_name=_("description"), blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who published or retired the version, and when (empty for a version imported in that status).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = recorded_by(_("published by"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True, editable=False)
    retired_by = recorded_by(_("retired by"))

    title = Translated()
    description = Translated()

    objects = QuestionBankQuerySet.as_manager()

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        permissions = [("publish_questionbank", _("Can publish and retire question banks"))]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="bank_unique_slug_version"),
            models.CheckConstraint(condition=Q(status__in=BankStatus.values), name="bank_status_valid"),
        ]

    def __str__(self):
        return f"{self.slug} {self.version}"

    def version_key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def next_version(self) -> str:
        """The version after this one: 1.0 → 1.1, 1.9 → 1.10, 2 → 2.1."""
        parts = self.version.split(".")
        if len(parts) == 1:
            return f"{self.version}.1"
        return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])


class BankContent(models.Model):
    """Something that belongs to one bank and may change only while that bank is a draft."""

    bank_path = "bank"  # attributes leading from the object to its bank

    class Meta:
        abstract = True

    def owning_bank(self) -> QuestionBank | None:
        obj = self
        for attr in self.bank_path.split("."):
            if getattr(obj, f"{attr}_id") is None:
                return None
            obj = getattr(obj, attr)
        return obj

    def clean(self):
        super().clean()
        bank = self.owning_bank()
        if bank is not None and bank.is_frozen:
            raise ValidationError(
                _("Bank %(bank)s is %(status)s and cannot change; clone it into a new draft version."),
                params={"bank": bank, "status": bank.get_status_display()},
                code="frozen",
            )


class MaturityLevel(BankContent):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    min_score = models.DecimalField(_("minimum score"), max_digits=3, decimal_places=2)
    name_en, name_ja = translated_fields(verbose_name=_("name"), max_length=100)
    description_en, description_ja = translated_fields(
        models.TextField, verbose_name=_("description"), blank=True
    )

    name = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        ordering = ["level"]
        # Thresholds increase with the level: the trigger "maturity_level_thresholds_increase"
        # (migration 0002) checks it across rows, which a CHECK constraint cannot.
        constraints = [
            models.UniqueConstraint(fields=["bank", "level"], name="level_unique_per_bank"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_number_range"),
            models.CheckConstraint(
                condition=Q(min_score__gte=1, min_score__lte=5), name="level_min_score_range"
            ),
            models.CheckConstraint(condition=~Q(level=1) | Q(min_score=1), name="level_one_starts_at_one"),
        ]

    def __str__(self):
        return f"{self.level} {self.name}"

    def clean(self):
        super().clean()
        if self.level == 1 and self.min_score is not None and self.min_score != 1:
            raise ValidationError({"min_score": _("Level 1 starts at the lowest score, 1.0.")})
        if self.bank_id and self.level is not None and self.min_score is not None:
            others = MaturityLevel.objects.filter(bank_id=self.bank_id).exclude(pk=self.pk)
            if others.filter(
                Q(level__lt=self.level, min_score__gte=self.min_score)
                | Q(level__gt=self.level, min_score__lte=self.min_score)
            ).exists():
                raise ValidationError(
                    {
                        "min_score": _(
                            "Each level's minimum score must be above the one of the level below it."
                        )
                    }
                )


class Dimension(BankContent):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal(1))
    order = models.PositiveIntegerField(_("order"), default=0)
    name_en, name_ja = translated_fields(verbose_name=_("name"), max_length=200)
    description_en, description_ja = translated_fields(
        models.TextField, verbose_name=_("description"), blank=True
    )

    name = Translated()
    description = Translated()

    objects = InBankOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="dimension_unique_code_per_bank"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="dimension_weight_non_negative"),
        ]

    def __str__(self):
        return self.code


class Question(BankContent):
    Type = QuestionType

    # The bank is stored beside the dimension so that codes can be unique per bank in the database.
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=100, validators=[code_validator])
    type = models.CharField(_("type"), max_length=10, choices=Type, default=Type.LEVEL)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        help_text=_("0 = informational, not scored."),
    )
    allow_na = models.BooleanField(_("N/A allowed"), default=False)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    text_en, text_ja = translated_fields(models.TextField, verbose_name=_("text"))
    help_en, help_ja = translated_fields(models.TextField, verbose_name=_("help"), blank=True)

    text = Translated()
    help = Translated()

    objects = DimensionContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="question_unique_code_per_bank"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="question_weight_non_negative"),
            models.CheckConstraint(condition=Q(type__in=QuestionType.values), name="question_type_valid"),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.bank_id and self.dimension_id and self.dimension.bank_id != self.bank_id:
            raise ValidationError({"dimension": _("The dimension belongs to another question bank.")})


class Option(BankContent):
    bank_path = "question.bank"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Level: 1–5. Choice: 1–5. Checklist: the weight, above 0."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label_en, label_ja = translated_fields(models.TextField, verbose_name=_("label"))

    label = Translated()

    objects = InBankOrderQuerySet.as_manager()  # within a question

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_unique_code_per_question"),
            models.CheckConstraint(condition=Q(score__gt=0), name="option_score_positive"),
        ]

    def __str__(self):
        return f"{self.question_id and self.question.code}:{self.code}"

    def clean(self):
        super().clean()
        if not self.question_id or self.score is None:
            return
        kind = self.question.type
        if kind == Question.Type.LEVEL and (
            self.score != self.score.to_integral_value() or self.score not in LEVELS
        ):
            raise ValidationError({"score": _("A level option scores a whole level from 1 to 5.")})
        if kind == Question.Type.CHOICE and not MIN_SCORE <= self.score <= MAX_SCORE:
            raise ValidationError({"score": _("A choice option scores between 1 and 5.")})


class Recommendation(BankContent):
    Effort = Effort
    Impact = Effort
    bank_path = "dimension.bank"

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="recommendations")
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="recommendations",
        null=True,
        blank=True,
        help_text=_("Only for advice on one question that scored at or below the maximum score."),
    )
    max_score = models.DecimalField(_("maximum score"), max_digits=3, decimal_places=2, null=True, blank=True)
    min_level = models.PositiveSmallIntegerField(_("from level"), default=1)
    max_level = models.PositiveSmallIntegerField(_("to level"), default=5)
    effort = models.CharField(_("effort"), max_length=6, choices=Effort, default=Effort.MEDIUM)
    impact = models.CharField(_("impact"), max_length=6, choices=Impact, default=Impact.MEDIUM)
    order = models.PositiveIntegerField(_("order"), default=0)
    title_en, title_ja = translated_fields(verbose_name=_("title"), max_length=200)
    body_en, body_ja = translated_fields(models.TextField, verbose_name=_("body"))

    title = Translated()
    body = Translated()

    objects = DimensionContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_level__gte=1, max_level__lte=5, min_level__lte=models.F("max_level")),
                name="recommendation_level_range",
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=True, max_score__isnull=True)
                | Q(question__isnull=False, max_score__gte=1, max_score__lte=5),
                name="recommendation_question_max_score",
            ),
            models.CheckConstraint(
                condition=Q(effort__in=Effort.values, impact__in=Effort.values),
                name="recommendation_effort_impact_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.min_level is not None and self.max_level is not None and self.min_level > self.max_level:
            errors["max_level"] = _("The range ends below where it starts.")
        if (self.question_id is None) != (self.max_score is None):
            errors["max_score"] = _("A question recommendation needs a maximum score, and only it has one.")
        if self.question_id and self.dimension_id and self.question.dimension_id != self.dimension_id:
            errors["question"] = _("The question belongs to another dimension.")
        if errors:
            raise ValidationError(errors)
