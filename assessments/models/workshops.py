"""Workshops: assessments in workshop mode that a consultant runs with a client's team."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cxmaturity.ids import new_join_code

from .assessments import Assessment
from .banks import Question


class Workshop(models.Model):
    """What a workshop adds to its assessment (mode ``workshop``, for a client organization).

    Participants join through ``join_code`` (128 random bits that a person can type) without an account. The
    assessment's status is the workshop's state: in progress while it takes answers, closed once the
    facilitator closes it.
    """

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="workshop")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_("Nobody, the facilitator included, sees who answered what."),
    )
    ends_at = models.DateTimeField(
        _("end time"), null=True, blank=True, help_text=_("Optional: answers are refused after it.")
    )
    join_code = models.CharField(max_length=26, unique=True, default=new_join_code, editable=False)
    summary_shared = models.BooleanField(_("summary shared with participants"), default=False)
    # The question whose distribution the presenter page shows, if any: in the database, so that every app
    # server's presenter page shows the same.
    revealed_question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question on the projector"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="workshop_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    @property
    def accepts_answers(self) -> bool:
        """Open, and its end time (if it has one) not reached."""
        return self.assessment.is_open and (self.ends_at is None or timezone.now() < self.ends_at)


# Rule 8: an agreed score is 1–5 in steps of 0.5.
AGREED_SCORES = tuple(Decimal(n) / 2 for n in range(2, 11))
RATIONALE_MAX_LENGTH = 2000


class AgreedScore(models.Model):
    """The score a workshop agreed for one question after discussion; it replaces the participants' mean."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agreed_scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("agreed score"), max_digits=2, decimal_places=1)
    rationale = models.TextField(_("rationale"), max_length=RATIONALE_MAX_LENGTH, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "question"], name="agreed_score_unique_question"),
            models.CheckConstraint(condition=Q(score__in=AGREED_SCORES), name="agreed_score_half_steps"),
        ]

    def __str__(self):
        return f"{self.workshop}: {self.question} = {self.score}"


class Revote(models.Model):
    """The facilitator asked the room to answer one question again: round ``number`` (2, 3, …) of it.

    Starting a round moves the question's answers of the round before into ``EarlierAnswer`` rows: the
    answers that count are always those in ``Answer``, each participant's latest round (rule 8), and the
    earlier rounds stay in the record."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="revotes")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("round"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("re-vote")
        verbose_name_plural = _("re-votes")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "question", "number"], name="revote_unique_round"),
            models.CheckConstraint(condition=Q(number__gte=2), name="revote_number_from_two"),
        ]

    def __str__(self):
        return f"{self.workshop}: {self.question} (round {self.number})"


class EarlierAnswer(models.Model):
    """A participant's answer of a round that a re-vote closed: kept in the record, counted nowhere. Its
    round is the re-vote's number minus one; its score (rule 1, rounded) is written when it is kept."""

    revote = models.ForeignKey(Revote, on_delete=models.CASCADE, related_name="earlier_answers")
    participant = models.ForeignKey("Participant", on_delete=models.CASCADE, related_name="earlier_answers")
    options = models.ManyToManyField("Option", blank=True, related_name="+")
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2, null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("earlier answer")
        verbose_name_plural = _("earlier answers")
        constraints = [
            models.UniqueConstraint(fields=["revote", "participant"], name="earlier_answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="earlier_answer_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.revote.question} (round {self.round})"

    @property
    def round(self) -> int:
        return self.revote.number - 1
