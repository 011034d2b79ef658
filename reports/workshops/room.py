"""What a workshop's result adds to a self-assessment's: how the participants' own scores spread per
dimension, and how departments compare — with every department of fewer than three participants pooled, and
a pool of fewer than three left out, so that no individual's answers can be singled out.

A participant's own dimension scores are rules 1–3 applied to their answers alone (the workshop's scores are
rule 8's question means and agreed scores instead); they describe the room, never replace the result.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from assessments import scoring
from assessments.models import Answer, Assessment, Option
from assessments.scoring_adapter import scoring_answer, scoring_bank

from .stats import Spread, spread

MIN_GROUP = 3  # the smallest group of participants shown apart


@dataclass(frozen=True)
class ParticipantScores:
    department: str
    dimensions: dict[str, Decimal | None]  # code -> the participant's own score, unrounded


@dataclass(frozen=True)
class DepartmentRow:
    department: str  # "" for the pool of small departments
    n: int
    dimensions: dict[str, Decimal | None]  # code -> the mean of the group's own scores


@dataclass(frozen=True)
class RoomView:
    participants: int
    departments: int  # distinct departments named
    spreads: dict[str, Spread | None]  # dimension code -> spread of the participants' own scores
    comparison: tuple[DepartmentRow, ...]
    hidden: int  # participants of small departments left out because even pooled they were too few


def participant_scores(assessment: Assessment) -> list[ParticipantScores]:
    """Each participant's own dimension scores. Queries: the bank (four), the participants, their answers,
    the answers' options."""
    bank = scoring_bank(assessment.bank)
    participants = assessment.participants.order_by("pk").prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("question").prefetch_related(
                Prefetch("options", queryset=Option.objects.in_bank_order())
            ),
        )
    )
    rows = []
    for participant in participants:
        answers = {answer.question.code: scoring_answer(answer) for answer in participant.answers.all()}
        result = scoring.score_answers(bank, answers)
        rows.append(
            ParticipantScores(
                department=participant.department.strip(),
                dimensions={dimension.code: dimension.score for dimension in result.dimensions},
            )
        )
    return rows


def _spread(values: Sequence[Decimal]) -> Spread | None:
    return spread(values) if values else None


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def _scores(rows: Iterable[ParticipantScores], code: str) -> list[Decimal]:
    return [row.dimensions[code] for row in rows if row.dimensions.get(code) is not None]


def _group(name: str, members: Sequence[ParticipantScores], codes: Sequence[str]) -> DepartmentRow:
    return DepartmentRow(name, len(members), {code: _mean(_scores(members, code)) for code in codes})


def department_comparison(
    rows: Sequence[ParticipantScores], codes: Sequence[str], *, min_group: int = MIN_GROUP
) -> tuple[tuple[DepartmentRow, ...], int]:
    """Departments of at least ``min_group`` participants apart (by name), then the pool of the others
    (unnamed departments included) if it has ``min_group`` too; and how many participants were left out."""
    groups: dict[str, list[ParticipantScores]] = {}
    for row in rows:
        groups.setdefault(row.department, []).append(row)
    apart = sorted(name for name, members in groups.items() if name and len(members) >= min_group)
    pooled = [row for name, members in groups.items() if name not in apart for row in members]
    comparison = [_group(name, groups[name], codes) for name in apart]
    hidden = 0
    if len(pooled) >= min_group:
        comparison.append(_group("", pooled, codes))
    else:
        hidden = len(pooled)
    return tuple(comparison), hidden


def room_view(rows: Sequence[ParticipantScores], codes: Sequence[str]) -> RoomView:
    comparison, hidden = department_comparison(rows, codes)
    return RoomView(
        participants=len(rows),
        departments=len({row.department for row in rows if row.department}),
        spreads={code: _spread(_scores(rows, code)) for code in codes},
        comparison=comparison if len(comparison) > 1 else (),  # one group compares with nothing
        hidden=hidden,
    )


def workshop_room(assessment: Assessment, codes: Sequence[str]) -> RoomView:
    """The room of a workshop's result, for its dimension codes in bank order."""
    return room_view(participant_scores(assessment), codes)


@dataclass(frozen=True)
class RoomRow:
    """One dimension's line of the room's tables."""

    name: str
    spread: Spread | None
    department_means: tuple[Decimal | None, ...]  # in the order of RoomView.comparison


def room_rows(room: RoomView, dimensions: Iterable) -> list[RoomRow]:
    """The room's figures per dimension (``dimensions`` have ``code`` and ``name``, in bank order)."""
    return [
        RoomRow(
            name=dimension.name,
            spread=room.spreads.get(dimension.code),
            department_means=tuple(row.dimensions.get(dimension.code) for row in room.comparison),
        )
        for dimension in dimensions
    ]
