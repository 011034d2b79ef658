"""Assessments, the people answering them, their answers, and the results stored on submission."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cxmaturity.i18n import CONTENT_LANGUAGES
from cxmaturity.ids import new_public_id

from .banks import Dimension, InBankOrderQuerySet, Option, Question, QuestionBank
from .organizations import Organization

COMMENT_MAX_LENGTH = 2000


def score_range(field: str, *, low: int = 1, high: int = 5) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high})


def counted_answer(prefix: str = "") -> Q:
    """Answers that count for rule 7: an option chosen, N/A (only saved where allowed), or a checklist answer
    (nothing ticked is an answer: "none of these")."""
    return (
        Q(**{f"{prefix}not_applicable": True})
        | Q(**{f"{prefix}options__isnull": False})
        | Q(**{f"{prefix}question__type": "checklist"})
    )


def counts(question_type: str, not_applicable: bool, options: int) -> bool:
    """Rule 7 for one answer read into Python, as ``counted_answer()`` says it to the database."""
    return not_applicable or options > 0 or question_type == "checklist"


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=Assessment.Status.IN_PROGRESS)

    def in_progress(self):
        return self.filter(status=Assessment.Status.IN_PROGRESS)

    def with_result(self):
        """Submitted assessments whose result is stored (the same as ``Assessment.has_result``)."""
        return self.submitted().filter(result__isnull=False)

    def for_user(self, user):
        """The assessments of the user's organizations, and of their consultancy's clients."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(organization__in=Organization.objects.filter(memberships__user=user))
            | Q(organization__consultancy__consultants__user=user)
        )

    def for_api_key(self, key):
        """The assessments an API key reads: its organization's, or its consultancy's clients'."""
        if key.organization_id is not None:
            return self.filter(organization_id=key.organization_id)
        if key.consultancy_id is not None:
            return self.filter(organization__consultancy_id=key.consultancy_id)
        return self.none()

    def with_progress(self):
        """Annotate ``answered_count`` (questions answered, rule 7) and ``question_count`` (the bank's)."""
        questions = Question.objects.filter(bank=models.OuterRef("bank")).order_by().values("bank")
        return self.annotate(
            answered_count=models.Count(
                "participants__answers__question",
                filter=counted_answer("participants__answers__"),
                distinct=True,
            ),
            question_count=models.Subquery(questions.annotate(n=models.Count("pk")).values("n")[:1]),
        )


class AssessmentMode(models.TextChoices):
    SELF = "self", _("Self-assessment")
    WORKSHOP = "workshop", _("Workshop")


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    CLOSED = "closed", _("Closed")


class Assessment(models.Model):
    Mode = AssessmentMode
    Status = AssessmentStatus

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="assessments")
    # A bank that has been answered cannot be deleted: the answers and results refer to it.
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="assessments")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.SELF)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.IN_PROGRESS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=AssessmentMode.values), name="assessment_mode_valid"),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="assessment_org_status_idx")]

    def __str__(self):
        return f"{self.organization} — {self.bank} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def has_result(self) -> bool:
        """Submitted, with its result stored (a query unless the result was fetched with the assessment)."""
        return not self.is_open and hasattr(self, "result")

    @property
    def percent_complete(self) -> int:
        """From ``with_progress()`` annotations: whole percent of questions answered."""
        if not self.question_count:
            return 0
        return self.answered_count * 100 // self.question_count


class Participant(models.Model):
    """A person answering one assessment: the member in self mode, each attendee in a workshop."""

    # The participant's id in exports; never a secret.
    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    # A workshop attendee's optional department and role, and the language they answer in.
    department = models.CharField(_("department"), max_length=100, blank=True)
    role = models.CharField(_("job title"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    # A workshop attendee's resume link (256 random bits); never shown in exports. Null in self mode.
    resume_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"], condition=Q(user__isnull=False), name="participant_unique_user"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["", *CONTENT_LANGUAGES]), name="participant_language_valid"
            ),
        ]

    def __str__(self):
        return self.display_name or (str(self.user) if self.user_id else self.public_id)


class AnswerQuerySet(InBankOrderQuerySet):
    """By question in bank order, then by participant."""

    bank_order = (
        "question__dimension__order",
        "question__dimension_id",
        "question__order",
        "question_id",
        "participant_id",
    )


class Answer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    options = models.ManyToManyField(Option, blank=True, related_name="answers")
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # The question's score (rule 1, rounded), written when the assessment is submitted.
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question"], name="answer_unique_participant_question"
            ),
            models.CheckConstraint(condition=score_range("score"), name="answer_score_range"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(score__isnull=True),
                name="answer_not_applicable_has_no_score",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.question}"

    def clean(self):
        super().clean()
        if self.not_applicable and self.question_id and not self.question.allow_na:
            raise ValidationError({"not_applicable": _("This question cannot be answered N/A.")})
        if (
            self.participant_id
            and self.question_id
            and self.question.bank_id != self.participant.assessment.bank_id
        ):
            raise ValidationError({"question": _("This question is not part of this assessment.")})


def scored_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Ranges of a stored score, percent and level, and that they are defined together or not at all."""
    return [
        models.CheckConstraint(condition=score_range("score"), name=f"{prefix}_score_range"),
        models.CheckConstraint(
            condition=score_range("percent", low=0, high=100), name=f"{prefix}_percent_range"
        ),
        models.CheckConstraint(condition=score_range("level"), name=f"{prefix}_level_range"),
        models.CheckConstraint(
            condition=Q(score__isnull=True, percent__isnull=True, level__isnull=True)
            | Q(score__isnull=False, percent__isnull=False, level__isnull=False),
            name=f"{prefix}_defined_together",
        ),
    ]


class Scored(models.Model):
    """A stored score (rounded, rule 6) with its percent and level; all three are null when undefined."""

    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True)

    class Meta:
        abstract = True


class Result(Scored):
    """The scores of a submitted assessment, computed once (rules 1–6) and never recomputed."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = scored_constraints("result")

    def __str__(self):
        return f"{self.assessment.public_id}: {self.score}"


class DimensionResultQuerySet(InBankOrderQuerySet):
    """By dimension in bank order; the pk orders several results' rows of one dimension."""

    bank_order = ("dimension__order", "dimension_id", "pk")


class DimensionResult(Scored):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="dimensions")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    # The level the organization aims for (rule 9); it may change after submission, the scores never do.
    target_level = models.PositiveSmallIntegerField(_("target level"), null=True)
    answered = models.PositiveIntegerField(_("questions with a score"))
    not_applicable = models.PositiveIntegerField(_("questions answered N/A"))
    questions = models.PositiveIntegerField(_("questions"))

    objects = DimensionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("dimension result")
        verbose_name_plural = _("dimension results")
        constraints = [
            models.UniqueConstraint(fields=["result", "dimension"], name="dimension_result_unique"),
            *scored_constraints("dimension_result"),
            models.CheckConstraint(
                condition=score_range("target_level"), name="dimension_result_target_range"
            ),
            models.CheckConstraint(
                condition=Q(answered__lte=models.F("questions"), not_applicable__lte=models.F("questions")),
                name="dimension_result_counts_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.dimension}: {self.score}"
