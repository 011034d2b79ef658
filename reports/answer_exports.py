"""The answers of a submitted assessment as rows (one per participant × question) for CSV and XLSX.

Every question of the bank has a row for every participant, answered or not. Texts come in both languages,
the chosen options' labels in the active one. A workshop's rows also give the round: where a question was
re-voted, each participant's earlier rounds come first, then the round that counts. The number of queries is
fixed whatever the size of the bank or the number of participants.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.models import Answer, Assessment, EarlierAnswer, Option, Question, Revote, Workshop

Value = str | bool | Decimal | int | None


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters, for the XLSX
    wrap: bool = False


def answer_columns(*, rounds: bool = False) -> list[Column]:
    """The columns of the answers; a workshop's (``rounds``) end with the round of each answer."""
    return [
        Column(_("Assessment"), 28),
        Column(_("Organization"), 24, wrap=True),
        Column(_("Question bank"), 14),
        Column(_("Bank version"), 9),
        Column(_("Submitted at"), 26),
        Column(_("Participant"), 28),
        Column(_("Participant name"), 20, wrap=True),
        Column(_("Dimension code"), 14),
        Column(_("Dimension (English)"), 24, wrap=True),
        Column(_("Dimension (Japanese)"), 20, wrap=True),
        Column(_("Question code"), 22),
        Column(_("Question (English)"), 48, wrap=True),
        Column(_("Question (Japanese)"), 40, wrap=True),
        Column(_("Question type"), 11),
        Column(_("Option codes"), 12),
        Column(_("Options"), 48, wrap=True),
        Column(_("Not applicable"), 10),
        Column(_("Score"), 8),
        Column(_("Comment"), 48, wrap=True),
        *([Column(_("Round"), 7)] if rounds else []),
    ]


def answer_rows(assessment: Assessment) -> tuple[list[str], list[list[Value]]]:
    """The header and the rows of an assessment fetched with ``organization`` and ``bank``.

    Queries: the participants (with their users), the questions (with their dimensions), the answers, the
    answers' options — four, whatever the size of the bank; and for a workshop the workshop, its re-votes,
    the earlier rounds' answers and their options.
    """
    participants = list(assessment.participants.select_related("user").order_by("created_at", "pk"))
    questions = list(
        Question.objects.filter(bank_id=assessment.bank_id).select_related("dimension").in_bank_order()
    )
    answers = {
        (answer.participant_id, answer.question_id): answer
        for answer in Answer.objects.filter(participant__assessment=assessment).prefetch_related(
            Prefetch("options", queryset=Option.objects.in_bank_order())
        )
    }
    submitted_at = (
        timezone.localtime(assessment.submitted_at).isoformat(timespec="seconds")
        if assessment.submitted_at
        else ""
    )
    workshop = (
        Workshop.objects.filter(assessment=assessment).only("pk", "anonymous").first()
        if assessment.mode == Assessment.Mode.WORKSHOP
        else None
    )
    rounds = _Rounds.of(workshop) if workshop else None
    # In an anonymous workshop nobody sees who answered what: the rows keep the opaque id, not the name.
    anonymous = workshop is not None and workshop.anonymous
    rows = []
    for participant in participants:
        name = (
            ""
            if anonymous
            else participant.display_name or (participant.user.name if participant.user else "")
        )
        for question in questions:
            given = [(answers.get((participant.pk, question.pk)), None)]
            if rounds is not None:
                given = [
                    *rounds.earlier.get((participant.pk, question.pk), []),
                    (given[0][0], rounds.current(question)),
                ]
            for answer, number in given:
                row = _answer_row(assessment, submitted_at, participant, name, question, answer)
                rows.append(row if rounds is None else [*row, number])
    return [column.header for column in answer_columns(rounds=rounds is not None)], rows


def _answer_row(assessment, submitted_at: str, participant, name: str, question, answer) -> list[Value]:
    """One answer's row (an ``Answer``, an ``EarlierAnswer`` or None for a question left unanswered)."""
    options = list(answer.options.all()) if answer else []
    return [
        assessment.public_id,
        assessment.organization.name,
        assessment.bank.slug,
        assessment.bank.version,
        submitted_at,
        participant.public_id,
        name,
        question.dimension.code,
        question.dimension.name_en,
        question.dimension.name_ja,
        question.code,
        question.text_en,
        question.text_ja,
        question.type,
        "; ".join(option.code for option in options),
        "; ".join(option.label for option in options),
        bool(answer and answer.not_applicable),
        answer.score if answer else None,
        answer.comment if answer else "",
    ]


@dataclass(frozen=True)
class _Rounds:
    """A workshop's rounds: the latest round of each re-voted question, and the earlier rounds' answers by
    (participant id, question id), first round first."""

    latest: dict[int, int]
    earlier: dict[tuple[int, int], list[tuple[EarlierAnswer, int]]]

    @classmethod
    def of(cls, workshop: Workshop) -> "_Rounds":
        latest = dict(
            Revote.objects.filter(workshop=workshop)
            .values("question_id")
            .annotate(latest=Max("number"))
            .values_list("question_id", "latest")
        )
        earlier: dict[tuple[int, int], list[tuple[EarlierAnswer, int]]] = {}
        kept = (
            EarlierAnswer.objects.filter(revote__workshop=workshop)
            .select_related("revote")
            .prefetch_related(Prefetch("options", queryset=Option.objects.in_bank_order()))
            .order_by("revote__number")
        )
        for answer in kept:
            key = (answer.participant_id, answer.revote.question_id)
            earlier.setdefault(key, []).append((answer, answer.round))
        return cls(latest, earlier)

    def current(self, question: Question) -> int:
        return self.latest.get(question.pk, 1)


def dimension_rows(assessment: Assessment) -> tuple[list[str], list[list[Value]]]:
    """The stored dimension results (one query), for the XLSX's second sheet."""
    header = [
        _("Dimension code"),
        _("Dimension (English)"),
        _("Dimension (Japanese)"),
        _("Score"),
        _("Percent"),
        _("Level"),
        _("Target level"),
        _("Questions with a score"),
        _("Questions answered N/A"),
        _("Questions"),
    ]
    rows = [
        [
            row.dimension.code,
            row.dimension.name_en,
            row.dimension.name_ja,
            row.score,
            row.percent,
            row.level,
            row.target_level,
            row.answered,
            row.not_applicable,
            row.questions,
        ]
        for row in assessment.result.dimensions.select_related("dimension").in_bank_order()
    ]
    return header, rows


# Spreadsheets run a cell that starts with one of these as a formula: a comment such as "=HYPERLINK(…)"
# must stay text. CSV has no types, so its cells get the usual leading apostrophe. A Japanese input method
# types the full-width forms (＝＋－＠), which spreadsheets also read as a formula's start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


def answers_csv(assessment: Assessment) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads Japanese correctly."""
    return _csv(*answer_rows(assessment))


def _csv(header: list[str], rows: list[list[Value]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Value) -> Value:
    # Control characters (a pasted form feed…) cannot be stored in a workbook: they are dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _write_sheet(sheet, header: list[str], rows: list[list[Value]], columns: list[Column]) -> None:
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # text that openpyxl took for a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def answers_xlsx(assessment: Assessment) -> bytes:
    """A workbook with the sheets "Answers" (one row per participant × question) and "Dimensions", named in
    the active language like the column headers."""
    workbook = Workbook()
    answers = workbook.active
    answers.title = pgettext("spreadsheet", "Answers")
    header, rows = answer_rows(assessment)
    _write_sheet(answers, header, rows, answer_columns(rounds=assessment.mode == Assessment.Mode.WORKSHOP))

    if not assessment.has_result:  # a workshop exported while it is still running
        return _saved(workbook)
    dimensions = workbook.create_sheet(pgettext("spreadsheet", "Dimensions"))
    header, rows = dimension_rows(assessment)
    widths = [14, 24, 20, 8, 8, 6, 8, 12, 12, 10]
    _write_sheet(
        dimensions, header, rows, [Column(text, width) for text, width in zip(header, widths, strict=True)]
    )

    return _saved(workbook)


def bank_answer_rows(assessments) -> tuple[list[str], list[list[Value]]]:
    """Every answer of several assessments of one bank version (a job's export), under one header: a
    workshop's rows give their round, a self-assessment's round 1. Per assessment, the queries of
    ``answer_rows``."""
    rows = []
    for assessment in assessments:
        header, own = answer_rows(assessment)
        rounds = assessment.mode == Assessment.Mode.WORKSHOP
        rows += own if rounds else [[*row, 1] for row in own]
    return [column.header for column in answer_columns(rounds=True)], rows


def bank_answers_csv(assessments) -> bytes:
    return _csv(*bank_answer_rows(assessments))


def bank_answers_xlsx(assessments) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = pgettext("spreadsheet", "Answers")
    _write_sheet(sheet, *bank_answer_rows(assessments), answer_columns(rounds=True))
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
