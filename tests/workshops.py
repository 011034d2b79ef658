"""Participants answering a live workshop, for the tests of its pages (the ``answered`` fixture is in
tests/reports/conftest.py)."""

from assessments.services import answer_save, participant_join
from tests.factories import option


def answer(participant, bank, code, *options, na=False, comment=""):
    return answer_save(
        participant=participant,
        question=bank.questions.get(code=code),
        options=[option(bank, code, choice) for choice in options],
        not_applicable=na,
        comment=comment,
    )


def join_and_answer(workshop, bank, participants: int) -> None:
    """``participants`` people, each answering every question with a comment."""
    questions = list(bank.questions.prefetch_related("options"))
    for number in range(participants):
        participant = participant_join(
            workshop=workshop, display_name=f"P{number}", department=f"D{number % 4}"
        )
        for question in questions:
            options = list(question.options.all())
            answer_save(
                participant=participant,
                question=question,
                options=[options[number % len(options)]],
                comment=f"Comment {number}",
            )
