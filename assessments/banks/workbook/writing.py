"""A ``cxmaturity.bank/1`` document written as a workbook, and the template to fill in."""

import copy
import io
import json

import openpyxl
from django.conf import settings
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...models.banks import BankStatus, QuestionType
from ..interchange import DEFAULT_BANK_FILE
from .layout import BANK, DIMENSIONS, LEVELS, MB, OPTIONS, QUESTIONS, RECOMMENDATIONS, SHEETS, Sheet


def document_to_workbook(document: dict) -> bytes:
    """The workbook of a valid document; ``workbook_to_document`` reads it back to the same document."""
    book = openpyxl.Workbook()
    _write_readme(book.active)
    rows = _document_rows(document)
    for sheet in SHEETS:
        _write_sheet(book.create_sheet(sheet.name), sheet, rows[sheet.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    """A workbook to fill in: the default bank's levels, one dimension with two of its questions (a level and
    a choice question) and the dimension's recommendations, under a new slug as a draft."""
    return document_to_workbook(template_document())


def template_document() -> dict:
    default = json.loads(DEFAULT_BANK_FILE.read_bytes())
    dimension = copy.deepcopy(default["dimensions"][0])
    dimension["questions"] = [
        next(question for question in dimension["questions"] if question["type"] == kind)
        for kind in (QuestionType.LEVEL, QuestionType.CHOICE)
    ]
    kept = {question["code"] for question in dimension["questions"]}
    dimension["recommendations"] = [
        rec for rec in dimension["recommendations"] if rec["question"] in kept | {None}
    ]
    return {
        **default,
        "slug": "new-bank",
        "version": "1.0",
        "status": BankStatus.DRAFT.value,
        "title": {"en": "New question bank", "ja": "新しい設問バンク"},
        "description": {"en": "", "ja": ""},
        "dimensions": [dimension],
    }


def _document_rows(document: dict) -> dict[str, list[list]]:
    def row(sheet: Sheet, item: dict, parent: str | None = None) -> list:
        values = []
        for column in sheet.columns:
            if column.kind == "parent":
                values.append(parent)
            elif column.kind == "text":
                name, language = column.key
                values.append(item[name][language])
            else:
                values.append(item[column.header])
        return values

    rows = {sheet.name: [] for sheet in SHEETS}
    rows["bank"].append(row(BANK, document))
    rows["levels"] = [row(LEVELS, level) for level in document["levels"]]
    for dimension in document["dimensions"]:
        rows["dimensions"].append(row(DIMENSIONS, dimension))
        for question in dimension["questions"]:
            rows["questions"].append(row(QUESTIONS, question, dimension["code"]))
            rows["options"].extend(row(OPTIONS, option, question["code"]) for option in question["options"])
        rows["recommendations"].extend(
            row(RECOMMENDATIONS, rec, dimension["code"]) for rec in dimension["recommendations"]
        )
    return rows


# Excel keeps one kind of number: a whole number written from a float (a weight of 1.0) gets this format, by
# which it is read back as a float, so that the document keeps its 1.0 (and a score of 1 stays 1).
DECIMAL_FORMAT = "0.0#"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TOP = Alignment(vertical="top")
WRAPPED = Alignment(vertical="top", wrap_text=True)


def _write_sheet(ws, sheet: Sheet, rows: list[list]) -> None:
    ws.append(sheet.headers)
    for values in rows:
        ws.append(values)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.kind in ("code", "parent"):
            # Excel would read a version 1.10 or an option code 1 typed here as a number.
            ws.column_dimensions[letter].number_format = "@"
        for cell in ws[letter]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with "=" stays text, never a formula
            elif isinstance(cell.value, float) and cell.value.is_integer():
                cell.number_format = DECIMAL_FORMAT  # shown and read back as 2.0, not 2
            cell.alignment = WRAPPED if column.kind == "text" else TOP
            if column.kind in ("code", "parent"):
                cell.number_format = "@"
        if column.choices:
            choices = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"', allow_blank=True)
            choices.add(f"{letter}2:{letter}{settings.CXM_BANK_WORKBOOK_MAX_ROWS + 1}")
            ws.add_data_validation(choices)
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAPPED
    ws.freeze_panes = sheet.frozen
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(rows) + 1, 2)}"


def _write_readme(ws) -> None:
    ws.title = "README"
    limits = {
        "mb": settings.CXM_BANK_WORKBOOK_MAX_BYTES // MB,
        "rows": settings.CXM_BANK_WORKBOOK_MAX_ROWS,
    }
    lines = [
        ("CX Maturity question bank", "CX成熟度 設問バンク"),
        (
            "Fill in the six sheets: a row per item under the header row, one column per language "
            "(_en, _ja). A row names its parent by code; the order of the rows is the order in the bank. "
            "Do not rename sheets or headers; other sheets, like this one, are not read.",
            "6つのシートに記入します。見出し行の下に1項目1行、言語ごとに1列（_en、_ja）です。親はコードで指定し、"
            "行の順番がそのまま設問バンクでの順番になります。シート名と見出しは変更しないでください。"
            "このシートのような他のシートは読み込まれません。",
        ),
        (
            "Type values, not formulas; pick type, status, effort, impact and TRUE/FALSE from the lists. At "
            "most {mb} MB and {rows} rows a sheet. The upload page imports the workbook as a draft: every "
            "problem is listed by sheet, row and column, and nothing is saved until there are none.",
            "数式ではなく値を入力してください。type・status・effort・impact・TRUE/FALSEは一覧から選べます。"
            "ファイルは{mb}MBまで、各シート{rows}行までです。アップロード画面では下書きとして取り込まれます。"
            "問題があればシート・行・列ごとにすべて表示され、問題がなくなるまで何も保存されません。",
        ),
    ]
    title, *paragraphs = lines
    ws.append([" / ".join(title)])
    for en, ja in paragraphs:  # in the columns of the table below: English, then Japanese
        ws.append([None, None, en.format(**limits), ja.format(**limits)])
    ws.append([])
    ws.append(["sheet / シート", "column / 列", "English", "日本語"])
    header_row = ws.max_row
    for sheet in SHEETS:
        ws.append([sheet.name, None, sheet.en, sheet.ja])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for column in sheet.columns:
            ws.append([sheet.name, column.header, column.en, column.ja])
    for letter, width in zip("ABCD", (18, 16, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = WRAPPED
    ws.cell(1, 1).font, ws.cell(1, 1).alignment = Font(bold=True, size=14), TOP  # unwrapped: it runs across
    for cell in ws[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
