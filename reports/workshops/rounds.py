"""Re-votes: the rounds of a workshop's questions. The answers that count are each participant's latest round
(rule 8); the earlier rounds stay in the record (``EarlierAnswer``), and the facilitator and the report show
their figures beside the round that counts."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from assessments.models import Revote, Workshop

from .stats import Spread, spread


@dataclass(frozen=True)
class EarlierRound:
    """The figures of a round that a re-vote closed, from the scores kept with its answers."""

    number: int  # 1 for the first round
    spread: Spread
    not_applicable: int

    @property
    def answered(self) -> int:
        return self.spread.n + self.not_applicable


@dataclass(frozen=True)
class Rounds:
    """A question's rounds: the one that counts, and the earlier ones, first round first."""

    current: int = 1
    earlier: tuple[EarlierRound, ...] = ()

    @property
    def revoted(self) -> bool:
        return self.current > 1


FIRST_ROUND = Rounds()


def question_rounds(workshop: Workshop, only: int | None = None) -> dict[int, Rounds]:
    """The rounds of every re-voted question of the workshop (of question ``only`` if given), by question id;
    a question missing from it is in its first round. One query."""
    revotes = Revote.objects.filter(workshop_id=workshop.pk)
    if only is not None:
        revotes = revotes.filter(question_id=only)
    rows = revotes.order_by("question_id", "number").values_list(
        "question_id",
        "number",
        "earlier_answers__pk",
        "earlier_answers__score",
        "earlier_answers__not_applicable",
    )
    # Each re-vote closes the round before it: re-vote n keeps the answers of round n − 1.
    kept: dict[int, dict[int, tuple[list[Decimal], list[bool]]]] = defaultdict(dict)
    for question_id, number, answer_id, score, not_applicable in rows:
        scores, na = kept[question_id].setdefault(number - 1, ([], []))
        if answer_id is None:  # nobody had answered that round
            continue
        if score is not None:
            scores.append(score)
        elif not_applicable:
            na.append(True)
    return {
        question_id: Rounds(
            current=max(closed) + 1,
            earlier=tuple(
                EarlierRound(number, spread(scores), len(na))
                for number, (scores, na) in sorted(closed.items())
            ),
        )
        for question_id, closed in kept.items()
    }
