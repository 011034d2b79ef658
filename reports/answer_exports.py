"""The answers of a submitted assessment as rows (one per participant × question) for CSV and XLSX.

Every question of the bank has a row for every participant, answered or not. Texts come in both languages,
the chosen options' labels in the active one. The number of queries is fixed whatever the size of the bank
or the number of participants.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.models import Answer, Assessment, Option, Question, Workshop

Value = str | bool | Decimal | int | None


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters, for the XLSX
    wrap: bool = False


def answer_columns() -> list[Column]:
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
    ]


def answer_rows(assessment: Assessment) -> tuple[list[str], list[list[Value]]]:
    """The header and the rows of an assessment fetched with ``organization`` and ``bank``.

    Queries: the participants (with their users), the questions (with their dimensions), the answers, the
    answers' options — four, whatever the size of the bank; and for a workshop whether it is anonymous.
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
    # In an anonymous workshop nobody sees who answered what: the rows keep the opaque id, not the name.
    anonymous = (
        assessment.mode == Assessment.Mode.WORKSHOP
        and Workshop.objects.filter(assessment=assessment, anonymous=True).exists()
    )
    rows = []
    for participant in participants:
        name = (
            ""
            if anonymous
            else participant.display_name or (participant.user.name if participant.user else "")
        )
        for question in questions:
            answer = answers.get((participant.pk, question.pk))
            options = list(answer.options.all()) if answer else []
            rows.append(
                [
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
            )
    return [column.header for column in answer_columns()], rows


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
# must stay text. CSV has no types, so its cells get the usual leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    header, rows = answer_rows(assessment)
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
    _write_sheet(answers, header, rows, answer_columns())

    if not assessment.has_result:  # a workshop exported while it is still running
        return _saved(workbook)
    dimensions = workbook.create_sheet(pgettext("spreadsheet", "Dimensions"))
    header, rows = dimension_rows(assessment)
    widths = [14, 24, 20, 8, 8, 6, 8, 12, 12, 10]
    _write_sheet(
        dimensions, header, rows, [Column(text, width) for text, width in zip(header, widths, strict=True)]
    )

    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
