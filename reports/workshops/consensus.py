"""The consensus of a closed workshop, question by question, and who took part: what a workshop's report
shows in place of every participant's every answer.

Per question of the bank, in bank order: the distribution and spread of the participants' answers (the
facilitator's own figures, ``facilitation.workshop_questions``), the agreed score with its rationale and who
recorded it when, the question score that rule 8 used, the "no consensus" flag, and the comments (named only
in a named workshop). The figures are those of the result document's ``questions`` blocks
(``reports.exports.workshop_document``): n, the rounded mean, the agreed score, the rounded score.

Who took part: how many, the departments with their counts (departments of fewer than three pooled, as in
the room), and the names in a named workshop only.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from assessments import scoring
from assessments.models import AgreedScore, Participant, Workshop

from .facilitation import Comment, QuestionRow, workshop_questions
from .room import DepartmentRow, ParticipantScores, department_comparison
from .rounds import FIRST_ROUND, Rounds
from .stats import QuestionSpread, Spread, by_disagreement


@dataclass(frozen=True)
class Agreement:
    score: Decimal  # 1–5 in steps of 0.5
    rationale: str
    agreed_by: str  # the consultant's name or e-mail address; "" when unknown
    agreed_at: datetime


@dataclass(frozen=True)
class QuestionConsensus:
    number: int  # the question's place in the bank, from 1
    code: str
    text: str
    dimension: str  # its dimension's name
    allow_na: bool
    figures: QuestionSpread
    agreed: Agreement | None
    comments: tuple[Comment, ...]
    rounds: Rounds = FIRST_ROUND  # the figures above are the latest round's

    @property
    def spread(self) -> Spread:
        return self.figures.spread

    @property
    def n(self) -> int:
        return self.spread.n

    @property
    def no_consensus(self) -> bool:
        return self.spread.no_consensus

    @property
    def mean(self) -> Decimal | None:
        """The participants' mean, rounded (rule 6)."""
        return None if self.spread.mean is None else scoring.round_half_up(self.spread.mean)

    @property
    def score(self) -> Decimal | None:
        """The question's score by rule 8, rounded: the agreed score, else the participants' mean."""
        unrounded = self.agreed.score if self.agreed else self.spread.mean
        return None if unrounded is None else scoring.round_half_up(unrounded)

    @property
    def shows_na(self) -> bool:
        """Whether its distribution has an N/A bar: where N/A was allowed or given."""
        return self.allow_na or self.figures.not_applicable > 0


@dataclass(frozen=True)
class DimensionConsensus:
    code: str
    name: str
    questions: tuple[QuestionConsensus, ...]

    @property
    def comments(self) -> int:
        return sum(len(question.comments) for question in self.questions)

    @property
    def flagged(self) -> int:
        return sum(1 for question in self.questions if question.no_consensus)


@dataclass(frozen=True)
class Attendance:
    participants: int
    names: tuple[str, ...]  # in the order they joined; empty in an anonymous workshop
    # Departments of at least three participants by name, then the others pooled (department ""), whatever
    # their number: a headcount singles nobody's answers out.
    departments: tuple[DepartmentRow, ...]

    @property
    def named_departments(self) -> bool:
        return any(row.department for row in self.departments)


@dataclass(frozen=True)
class Consensus:
    anonymous: bool
    dimensions: tuple[DimensionConsensus, ...]
    attendance: Attendance

    @property
    def questions(self) -> list[QuestionConsensus]:
        return [question for dimension in self.dimensions for question in dimension.questions]

    @property
    def flagged(self) -> int:
        return sum(dimension.flagged for dimension in self.dimensions)

    @property
    def agreed(self) -> int:
        return sum(1 for question in self.questions if question.agreed)

    @property
    def discussed(self) -> list[QuestionConsensus]:
        """The questions flagged "no consensus" or given an agreed score, the most disagreement first."""
        chosen = [question for question in self.questions if question.no_consensus or question.agreed]
        return by_disagreement(chosen, lambda question: question.spread)


def attendance(participants: Sequence[tuple[str, str]], *, anonymous: bool) -> Attendance:
    """Who took part, from (display name, department) in the order they joined."""
    rows = [ParticipantScores(department.strip(), {}) for _name, department in participants]
    groups, left_out = department_comparison(rows, ())
    pooled = (DepartmentRow("", left_out, {}),) if left_out else ()
    return Attendance(
        participants=len(participants),
        names=() if anonymous else tuple(name for name, _department in participants),
        departments=(*groups, *pooled),
    )


def consensus_view(
    rows: Iterable[QuestionRow],
    agreed: Mapping[int, Agreement],
    participants: Sequence[tuple[str, str]],
    *,
    anonymous: bool,
) -> Consensus:
    """The consensus from the facilitator's question rows (bank order), the agreements by question id and the
    participants (display name, department) in the order they joined; no query beyond the rows' dimensions,
    fetched with them."""
    dimensions: dict[int, tuple[object, list[QuestionConsensus]]] = {}
    for row in rows:
        question = row.question
        entry = QuestionConsensus(
            number=row.number,
            code=question.code,
            text=question.text,
            dimension=question.dimension.name,
            allow_na=question.allow_na,
            figures=row.figures,
            agreed=agreed.get(question.pk),
            comments=row.comments,
            rounds=row.rounds,
        )
        dimensions.setdefault(question.dimension_id, (question.dimension, []))[1].append(entry)
    return Consensus(
        anonymous=anonymous,
        dimensions=tuple(
            DimensionConsensus(dimension.code, dimension.name, tuple(questions))
            for dimension, questions in dimensions.values()
        ),
        attendance=attendance(participants, anonymous=anonymous),
    )


def _agreement(agreed: AgreedScore) -> Agreement:
    who = agreed.agreed_by
    return Agreement(
        score=agreed.score,
        rationale=agreed.rationale,
        agreed_by=(who.name or who.email) if who else "",
        agreed_at=agreed.agreed_at,
    )


def workshop_consensus(workshop: Workshop) -> Consensus:
    """The consensus of a workshop (fetched with its assessment), in the active language. Queries: the agreed
    scores with who recorded them, the questions with their dimensions, their options, the answers with their
    participants, the options chosen, the rounds (``workshop_questions``); the participants."""
    rows = workshop_questions(workshop)
    agreed = {row.question.pk: _agreement(row.agreed) for row in rows if row.agreed}
    participants = list(
        Participant.objects.filter(assessment_id=workshop.assessment_id)
        .order_by("created_at", "pk")
        .values_list("display_name", "department")
    )
    return consensus_view(rows, agreed, participants, anonymous=workshop.anonymous)
