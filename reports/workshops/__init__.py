"""Workshops as a report: the facilitator's live view of who joined and where the answers disagree, and the
question the presenter page shows.

``stats.py`` holds the spread of a question's answers (pure); ``facilitation.py`` reads a live workshop for
the facilitator's and presenter's pages, in a fixed number of queries; ``room.py`` is what a closed workshop's
result adds: the spread of participants' own scores per dimension and the comparison by department.
"""

from .facilitation import (
    BANK_ORDER,
    DISAGREEMENT,
    ORDERS,
    Comment,
    ParticipantRow,
    QuestionRow,
    Roster,
    revealed_question,
    workshop_question,
    workshop_questions,
    workshop_roster,
)
from .stats import Bin, QuestionSpread, Spread, by_disagreement, question_spread, spread

__all__ = [
    "BANK_ORDER",
    "DISAGREEMENT",
    "ORDERS",
    "Bin",
    "Comment",
    "ParticipantRow",
    "QuestionRow",
    "QuestionSpread",
    "Roster",
    "Spread",
    "by_disagreement",
    "question_spread",
    "revealed_question",
    "spread",
    "workshop_question",
    "workshop_questions",
    "workshop_roster",
]
