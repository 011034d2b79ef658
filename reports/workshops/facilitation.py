"""What the facilitator's page shows of a live workshop: who joined with their progress, and per question the
distribution of the answers, their spread, the comments and the agreed score; and the one question the
presenter page shows. A fixed number of queries, whatever the number of participants."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from assessments import scoring
from assessments.models import AgreedScore, Answer, Participant, Question, Workshop
from assessments.models.assessments import counted_answer
from assessments.scoring_adapter import plain_bank

from .rounds import FIRST_ROUND, Rounds, question_rounds
from .stats import QuestionSpread, by_disagreement, question_spread

BANK_ORDER = "bank"
DISAGREEMENT = "disagreement"
ORDERS = (BANK_ORDER, DISAGREEMENT)


@dataclass(frozen=True)
class ParticipantRow:
    number: int  # in the order they joined, from 1
    name: str  # empty in an anonymous workshop, with department and role
    department: str
    role: str
    answered: int  # questions with an answer that counts (rule 7)


@dataclass(frozen=True)
class Roster:
    anonymous: bool
    participants: tuple[ParticipantRow, ...]
    questions: int  # in the bank
    # An anonymous workshop shows departments only as counts: (department, participants), "" for none given.
    departments: tuple[tuple[str, int], ...]

    @property
    def finished(self) -> int:
        return sum(1 for row in self.participants if self.questions and row.answered >= self.questions)


def workshop_roster(workshop: Workshop) -> Roster:
    """The participants in the order they joined, each with their progress. Queries: the participants with
    their answered counts, the bank's question count."""
    participants = (
        Participant.objects.filter(assessment_id=workshop.assessment_id)
        .annotate(
            answered=Count("answers__question", filter=counted_answer("answers__"), distinct=True),
        )
        .order_by("created_at", "pk")
    )
    anonymous = workshop.anonymous
    rows = tuple(
        ParticipantRow(
            number=number,
            name="" if anonymous else participant.display_name,
            department="" if anonymous else participant.department,
            role="" if anonymous else participant.role,
            answered=participant.answered,
        )
        for number, participant in enumerate(participants, start=1)
    )
    departments: dict[str, int] = defaultdict(int)
    if anonymous:
        for participant in participants:
            departments[participant.department] += 1
    return Roster(
        anonymous=anonymous,
        participants=rows,
        questions=Question.objects.filter(bank_id=workshop.assessment.bank_id).count(),
        departments=tuple(sorted(departments.items(), key=lambda item: (item[0] == "", item[0]))),
    )


@dataclass(frozen=True)
class Comment:
    text: str
    author: str  # empty in an anonymous workshop
    department: str


@dataclass(frozen=True)
class QuestionRow:
    number: int  # the question's place in the bank, from 1
    question: Question  # with its dimension
    figures: QuestionSpread
    comments: tuple[Comment, ...]
    agreed: AgreedScore | None = None  # with who agreed it; it replaces the mean (rule 8)
    rounds: Rounds = FIRST_ROUND  # the round that counts (the figures above) and the earlier ones


def _chosen_options(workshop: Workshop, only: int | None) -> dict[int, list[int]]:
    """The option ids of every answer of the workshop (to question ``only`` if given), by answer id: one
    query (a join, not a list of ids)."""
    chosen: dict[int, list[int]] = defaultdict(list)
    through = Answer.options.through.objects.filter(answer__participant__assessment_id=workshop.assessment_id)
    if only is not None:
        through = through.filter(answer__question_id=only)
    for answer_id, option_id in through.values_list("answer_id", "option_id"):
        chosen[answer_id].append(option_id)
    return chosen


def _question_rows(
    workshop: Workshop, agreed: dict[int, AgreedScore], only: int | None = None
) -> list[QuestionRow]:
    """Every question of the bank in bank order (or only the one whose id is ``only``) with the distribution
    and spread of the participants' answers (their latest round) and their comments. Queries: the questions
    (with their dimensions), their options, the answers (with their participants), the options chosen, the
    rounds of the re-voted questions."""
    questions = list(
        Question.objects.filter(bank_id=workshop.assessment.bank_id)
        .select_related("dimension")
        .prefetch_related("options")
        .in_bank_order()
    )
    dimensions = list({question.dimension_id: question.dimension for question in questions}.values())
    plain = {question.code: question for question in plain_bank((), dimensions, questions).questions}
    codes = {option.pk: option.code for question in questions for option in question.options.all()}

    answers = (
        Answer.objects.filter(participant__assessment_id=workshop.assessment_id)
        .select_related("participant")
        .order_by("participant__created_at", "participant_id")
    )
    if only is not None:
        answers = answers.filter(question_id=only)
    chosen = _chosen_options(workshop, only)
    given: dict[int, list[scoring.Answer]] = defaultdict(list)
    comments: dict[int, list[Comment]] = defaultdict(list)
    for answer in answers:
        options = tuple(codes[option_id] for option_id in chosen.get(answer.pk, ()))
        given[answer.question_id].append(
            scoring.Answer(options=options, not_applicable=answer.not_applicable)
        )
        if answer.comment.strip():
            participant = answer.participant
            comments[answer.question_id].append(
                Comment(answer.comment, participant.display_name, participant.department)
                if not workshop.anonymous
                else Comment(answer.comment, "", "")
            )

    rounds = question_rounds(workshop, only)
    rows = []
    for number, question in enumerate(questions, start=1):
        if only is not None and question.pk != only:
            continue
        said = comments[question.pk]
        if workshop.anonymous:  # not in the order people joined, which the room may remember
            said.sort(key=lambda comment: comment.text)
        rows.append(
            QuestionRow(
                number=number,
                question=question,
                figures=question_spread(plain[question.code], given[question.pk]),
                comments=tuple(said),
                agreed=agreed.get(question.pk),
                rounds=rounds.get(question.pk, FIRST_ROUND),
            )
        )
    return rows


def _agreed(workshop: Workshop, **only) -> dict[int, AgreedScore]:
    """The workshop's agreed scores (with who agreed them) by question id: one query."""
    scores = AgreedScore.objects.filter(workshop_id=workshop.pk, **only).select_related("agreed_by")
    return {score.question_id: score for score in scores}


def workshop_questions(workshop: Workshop, *, order: str = BANK_ORDER) -> list[QuestionRow]:
    """Every question of the bank with the distribution and spread of the participants' answers, their
    comments and the agreed score, in bank order or the most disagreement first. Queries: the agreed scores,
    and those of ``_question_rows``."""
    rows = _question_rows(workshop, _agreed(workshop))
    if order == DISAGREEMENT:
        return by_disagreement(rows, lambda row: row.figures.spread)
    return rows


def workshop_question(workshop: Workshop, question_id: int) -> QuestionRow:
    """One question as the facilitator's page shows it, with its agreed score: the queries of
    ``workshop_questions``, its answers only."""
    return _question_rows(workshop, _agreed(workshop, question_id=question_id), only=question_id)[0]


def revealed_question(workshop: Workshop) -> QuestionRow | None:
    """The question on the projector with the distribution and spread of its answers, or None: the queries
    of ``_question_rows``, its answers only."""
    if workshop.revealed_question_id is None:
        return None
    return _question_rows(workshop, {}, only=workshop.revealed_question_id)[0]
