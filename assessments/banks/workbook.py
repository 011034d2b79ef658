"""Question banks as Excel workbooks: the ``cxmaturity.bank/1`` document, a sheet per level of its structure.

Sheets ``bank``, ``levels``, ``dimensions``, ``questions``, ``options`` and ``recommendations`` hold one row
per item under a header row, a column per language (``text_en``, ``text_ja``). A row names its parent by code
(a question its dimension, an option its question) and the rows' order is the bank's order. A ``README``
sheet explains the columns in both languages; other sheets are not read.

``workbook_to_document`` reads an uploaded file, which nobody has checked: it refuses large, malformed and
zip-bomb files before openpyxl opens them, refuses formulas, and reports every problem of the content by
sheet, row and column header (``validate_bank`` checks the meaning, its JSON paths mapped back to cells).
"""

import copy
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cxmaturity.i18n import CONTENT_LANGUAGES

from ..models import QuestionBank
from ..models.banks import BankStatus, Effort, QuestionType
from .interchange import DEFAULT_BANK_FILE, BankImportError, import_bank, parse_bank
from .validation import FORMAT, validate_bank

# A member of the zip whose size is above this may not unpack to more than MAX_RATIO times its packed size.
RATIO_FROM_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_MEMBERS = 1000
MAX_COLUMNS = 64  # columns read in a row; the widest sheet has 13
MB = 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text, code, parent (a parent's code), number, whole, boolean
    width: int
    en: str
    ja: str
    required: bool = True
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        """Where the column's value goes in its item: ("text", "en") or ("code",)."""
        if self.kind == "text":
            name, language = self.header.rsplit("_", 1)
            return (name, language)
        return (self.header,)


def texts(name: str, width: int, en: str, ja: str) -> list[Column]:
    return [
        Column(f"{name}_{code}", "text", width, f"{en} ({code})", f"{ja}（{code}）")
        for code in CONTENT_LANGUAGES
    ]


YES_NO = ("TRUE", "FALSE")
CODE = Column("code", "code", 24, "Code, unique in the bank", "コード（設問バンク内で一意）")
PARENT_DIMENSION = Column("dimension", "parent", 16, "Code of its dimension", "所属する領域のコード")
DESCRIPTIONS = texts("description", 60, "Description (may be empty)", "説明（空でも可）")


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    frozen: str  # the first cell that scrolls: the header row and the codes stay in view
    en: str
    ja: str

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


BANK = Sheet(
    "bank",
    (
        Column("format", "code", 18, f"Always {FORMAT}", f"常に {FORMAT}"),
        Column(
            "slug",
            "code",
            16,
            "Identifier: lowercase letters, digits, hyphens",
            "識別子（小文字・数字・ハイフン）",
        ),
        Column(
            "version",
            "code",
            10,
            "Version, for example 1.0 (a new one for each import)",
            "版（例 1.0、取り込みごとに新しい版）",
        ),
        Column(
            "status",
            "code",
            11,
            "draft, published or retired",
            "draft・published・retired",
            choices=tuple(BankStatus.values),
        ),
        *texts("title", 36, "Title", "タイトル"),
        *DESCRIPTIONS,
    ),
    "C2",
    "One row: the bank itself.",
    "1行：設問バンクそのもの。",
)
LEVELS = Sheet(
    "levels",
    (
        Column("level", "whole", 8, "Level 1 to 5, once each", "レベル1〜5（各1回）"),
        Column(
            "min_score",
            "number",
            11,
            "Lowest score of the level: 1.0 for level 1, then increasing",
            "そのレベルの最低スコア（レベル1は1.0、以降は増加）",
        ),
        *texts("name", 18, "Name", "名称"),
        *DESCRIPTIONS,
    ),
    "B2",
    "Five rows: the maturity levels.",
    "5行：成熟度レベル。",
)
DIMENSIONS = Sheet(
    "dimensions",
    (
        CODE,
        Column(
            "weight",
            "number",
            8,
            "Weight in the overall score (0 = not counted)",
            "総合スコアでの重み（0は算入しない）",
        ),
        *texts("name", 30, "Name", "名称"),
        *DESCRIPTIONS,
    ),
    "B2",
    "A row per dimension, in the order respondents see them.",
    "領域ごとに1行（回答者に表示する順）。",
)
QUESTIONS = Sheet(
    "questions",
    (
        PARENT_DIMENSION,
        CODE,
        Column(
            "type",
            "code",
            10,
            "level, choice or checklist",
            "level・choice・checklist",
            choices=tuple(QuestionType.values),
        ),
        Column(
            "weight",
            "number",
            8,
            "Weight in its dimension (0 = informational)",
            "領域内の重み（0は参考情報）",
        ),
        Column(
            "allow_na",
            "boolean",
            9,
            "TRUE if “not applicable” may be answered",
            "「該当なし」を選べるならTRUE",
            choices=YES_NO,
        ),
        Column("required", "boolean", 9, "TRUE if it must be answered", "回答必須ならTRUE", choices=YES_NO),
        *texts("text", 50, "Question", "設問文"),
        *texts("help", 40, "Help (may be empty)", "補足（空でも可）"),
    ),
    "C2",
    "A row per question, in order; each names its dimension.",
    "設問ごとに1行（順番どおり）。各行に領域のコードを書きます。",
)
OPTIONS = Sheet(
    "options",
    (
        Column("question", "parent", 24, "Code of its question", "所属する設問のコード"),
        Column("code", "code", 8, "Code, unique in its question", "コード（設問内で一意）"),
        Column(
            "score",
            "number",
            8,
            "level: 1 to 5; choice: a score from 1 to 5; checklist: a weight above 0",
            "level：1〜5、choice：1〜5のスコア、checklist：0より大きい重み",
        ),
        *texts(
            "label",
            60,
            "Label: for a level question, what that level looks like",
            "選択肢（level設問ではそのレベルの状態）",
        ),
    ),
    "C2",
    "A row per option, in order; each names its question.",
    "選択肢ごとに1行（順番どおり）。各行に設問のコードを書きます。",
)
RECOMMENDATIONS = Sheet(
    "recommendations",
    (
        PARENT_DIMENSION,
        Column("min_level", "whole", 9, "From level", "対象レベル（下限）"),
        Column("max_level", "whole", 9, "To level", "対象レベル（上限）"),
        Column(
            "question",
            "code",
            24,
            "Empty, or a question of the dimension",
            "空欄、または領域内の設問コード",
            required=False,
        ),
        Column(
            "max_score",
            "number",
            9,
            "With a question: applies up to this score",
            "設問を指定したとき：このスコア以下で適用",
            required=False,
        ),
        Column("effort", "code", 8, "low, medium or high", "low・medium・high", choices=tuple(Effort.values)),
        Column("impact", "code", 8, "low, medium or high", "low・medium・high", choices=tuple(Effort.values)),
        *texts("title", 36, "Title", "タイトル"),
        *texts("body", 60, "Advice", "提言本文"),
    ),
    "B2",
    "A row per recommendation, in order; each names its dimension.",
    "提言ごとに1行（順番どおり）。各行に領域のコードを書きます。",
)
SHEETS = (BANK, LEVELS, DIMENSIONS, QUESTIONS, OPTIONS, RECOMMENDATIONS)
CHILD_LISTS = {"questions", "recommendations", "options"}


@dataclass(frozen=True)
class WorkbookProblem:
    sheet: str | None  # None: the file as a whole
    row: int | None  # None: the sheet as a whole
    column: str | None  # a column header (or letter, where there is no header); None: the row as a whole
    message: str

    def __str__(self):
        where = [self.sheet or _("workbook")]
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


class WorkbookProblems(Exception):
    def __init__(self, problems: list[WorkbookProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _refused(message: str) -> WorkbookProblems:
    return WorkbookProblems([WorkbookProblem(None, None, None, message)])


def _unreadable() -> WorkbookProblems:
    return _refused(_("This workbook cannot be read. Save it again as .xlsx in Excel and retry."))


# Writing


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


# Reading


def is_workbook(name: str, data: bytes) -> bool:
    """Whether an uploaded file is to be read as a workbook (else as JSON): by its name, then its content."""
    if name.lower().endswith(".json"):
        return False
    return name.lower().endswith((".xlsx", ".xlsm", ".xls")) or not data.lstrip().startswith(b"{")


def workbook_to_document(data: bytes) -> dict:
    """The document of a workbook; raises ``WorkbookProblems`` with every problem found."""
    return _Reader(data).document()


def import_workbook(data: bytes, *, status: str | None = None) -> QuestionBank:
    """Import a workbook as a new bank (with ``status`` if given, else the workbook's) in one transaction."""
    reader = _Reader(data)
    document = reader.document()
    if status is not None:
        document["status"] = status
    try:
        return import_bank(document)
    except BankImportError as error:
        raise WorkbookProblems(
            [reader.locate(problem.path, problem.message) for problem in error.problems]
        ) from None


def import_bank_file(name: str, data: bytes, *, status: str | None = None) -> QuestionBank:
    """Import an uploaded file, a workbook or JSON (told apart by ``is_workbook``), as a new bank; raises
    ``WorkbookProblems`` or ``BankImportError``, both with ``problems``."""
    if is_workbook(name, data):
        return import_workbook(data, status=status)
    _check_size(data)
    document = parse_bank(data)
    if status is not None:
        document["status"] = status
    return import_bank(document)


def _check_size(data: bytes) -> None:
    if len(data) > settings.CXM_BANK_WORKBOOK_MAX_BYTES:
        raise _refused(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.CXM_BANK_WORKBOOK_MAX_BYTES // MB}
        )


def _check_file(data: bytes) -> None:
    """Refuse what openpyxl should not open: too large, empty, not a zip, or unpacking to too much."""
    _check_size(data)
    if not data:
        raise _refused(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) and try again.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refused(_("This file is not an Excel workbook (.xlsx).")) from None
    limit = settings.CXM_BANK_WORKBOOK_MAX_UNPACKED_BYTES
    if (
        len(members) > MAX_ZIP_MEMBERS
        or sum(member.file_size for member in members) > limit
        or any(
            member.file_size > RATIO_FROM_BYTES
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
    ):
        raise _refused(
            _(
                "This workbook would unpack to far more than its size (over %(limit)d MB, or compressed over "
                "%(ratio)d times): it is refused."
            )
            % {"limit": limit // MB, "ratio": MAX_RATIO}
        )


def _prefixes(path: str):
    """A JSON path and the paths that contain it, longest first: ``$.a[0].b``, ``$.a[0]``, ``$.a``, ``$``."""
    yield path
    for end in range(len(path) - 1, 0, -1):
        if path[end] in ".[":
            yield path[:end]


class _CellError(Exception):
    pass


@dataclass
class _Row:
    number: int
    values: dict[str, object]


@dataclass
class _Reader:
    data: bytes
    problems: list[WorkbookProblem] = field(default_factory=list)
    # JSON path of each item → (sheet, row); of the levels and dimensions lists → (sheet, None)
    places: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    # JSON paths of the cells already reported: validate_bank's problems there would say the same again
    reported: set[str] = field(default_factory=set)
    broken: bool = False  # a sheet or a header is missing or unknown

    def document(self) -> dict:
        rows = self._read_sheets()
        document = self._build(rows)
        self.problems.extend(
            self.locate(problem.path, problem.message)
            for problem in validate_bank(document)
            if not self._already_reported(problem.path)
        )
        if self.problems:
            raise WorkbookProblems(self._sorted(self.problems))
        return document

    def problem(self, sheet: str | None, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(WorkbookProblem(sheet, row, column, message))

    def structure_problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.broken = True
        self.problem(sheet, row, column, message)

    def locate(self, path: str, message: str) -> WorkbookProblem:
        """The sheet, row and column of a JSON path of the document read here."""
        record = next((prefix for prefix in _prefixes(path) if prefix in self.places), "$")
        sheet_name, row = self.places.get(record, (BANK.name, 2))
        rest = path[len(record) :].lstrip(".").replace(".", "_")
        sheet = next(sheet for sheet in SHEETS if sheet.name == sheet_name)
        column = rest if rest in sheet.headers else None
        return WorkbookProblem(sheet_name, row, column, message)

    def _already_reported(self, path: str) -> bool:
        return any(prefix in self.reported for prefix in _prefixes(path))

    @staticmethod
    def _sorted(problems: list[WorkbookProblem]) -> list[WorkbookProblem]:
        order = {sheet.name: i for i, sheet in enumerate(SHEETS)}
        headers = {sheet.name: sheet.headers for sheet in SHEETS}

        def key(problem: WorkbookProblem):
            columns = headers.get(problem.sheet, [])
            column = columns.index(problem.column) if problem.column in columns else -1
            return (order.get(problem.sheet, -1), problem.row or 0, column)

        return sorted(problems, key=key)

    # The file and its sheets

    def _read_sheets(self) -> dict[str, list[_Row]]:
        _check_file(self.data)
        try:
            book = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds (KeyError, XML errors, …) on a damaged file
            raise _unreadable() from None
        try:
            names = {name.strip().lower(): name for name in book.sheetnames}
            rows = {}
            for sheet in SHEETS:
                if sheet.name not in names:
                    self.structure_problem(sheet.name, None, None, _("This sheet is missing."))
                    continue
                rows[sheet.name] = self._read_sheet(book[names[sheet.name]], sheet)
        except WorkbookProblems:
            raise
        except Exception:
            raise _unreadable() from None
        finally:
            book.close()
        if self.broken:  # the sheets or their headers are wrong: the cells' problems would only repeat it
            raise WorkbookProblems(self._sorted(self.problems))
        return rows

    def _read_sheet(self, ws, sheet: Sheet) -> list[_Row]:
        limit = settings.CXM_BANK_WORKBOOK_MAX_ROWS
        ws.reset_dimensions()  # a sheet's declared size may be wrong: read every row there is
        lines = ws.iter_rows(max_col=MAX_COLUMNS)
        header = next(lines, ())
        headers = [self._header(cell.value) for cell in header]
        self._check_headers(sheet, headers)
        by_header = {name: i for i, name in reversed(list(enumerate(headers))) if name}
        rows = []
        for number, cells in enumerate(lines, start=2):
            if number > limit + 1:
                raise WorkbookProblems(
                    [
                        WorkbookProblem(
                            sheet.name,
                            None,
                            None,
                            _("More than %(count)d rows: the workbook is refused.") % {"count": limit},
                        )
                    ]
                )
            values = {}
            for i, cell in enumerate(cells):
                if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                    continue
                column = headers[i] if i < len(headers) and headers[i] else get_column_letter(i + 1)
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    self.problem(sheet.name, number, column, _("A formula: type the value itself."))
                    values[column] = _CellError()
                elif column not in by_header:
                    self.problem(sheet.name, number, column, _("A value in a column without a header."))
                elif isinstance(cell.value, int) and "." in (cell.number_format or ""):
                    values[column] = float(cell.value)
                else:
                    values[column] = cell.value
            if values:
                rows.append(_Row(number, values))
        return rows

    @staticmethod
    def _header(value) -> str | None:
        return value.strip().lower() if isinstance(value, str) and value.strip() else None

    def _check_headers(self, sheet: Sheet, headers: list[str | None]) -> None:
        seen = set()
        for header in headers:
            if header is None:
                continue
            if header in seen:
                self.structure_problem(sheet.name, 1, header, _("This column appears twice."))
            elif header not in sheet.headers:
                self.structure_problem(sheet.name, 1, header, _("Unknown column."))
            seen.add(header)
        for header in sheet.headers:
            if header not in seen:
                self.structure_problem(
                    sheet.name, 1, header, _("The column “%(column)s” is missing.") % {"column": header}
                )

    # The document

    def _build(self, rows: dict[str, list[_Row]]) -> dict:
        document = self._bank(rows["bank"])
        self.places["$.levels"] = (LEVELS.name, None)
        document["levels"] = [
            self._item(LEVELS, row, f"$.levels[{i}]") for i, row in enumerate(rows["levels"])
        ]
        self.places["$.dimensions"] = (DIMENSIONS.name, None)
        dimensions, paths = {}, {}
        document["dimensions"] = []
        for i, row in enumerate(rows["dimensions"]):
            path = f"$.dimensions[{i}]"
            dimension = self._item(DIMENSIONS, row, path) | {"questions": [], "recommendations": []}
            document["dimensions"].append(dimension)
            if isinstance(dimension["code"], str):
                dimensions.setdefault(dimension["code"], dimension)
                paths.setdefault(id(dimension), path)
        questions = {}
        for row in rows["questions"]:
            parent = self._parent(
                QUESTIONS, row, dimensions, _("No dimension “%(code)s” on the dimensions sheet.")
            )
            question = {}  # unattached if its dimension is unknown, but its options still find it
            if parent is not None:
                path = f"{paths[id(parent)]}.questions[{len(parent['questions'])}]"
                parent["questions"].append(question)
                paths[id(question)] = path
            question |= self._item(QUESTIONS, row, paths.get(id(question))) | {"options": []}
            if isinstance(question["code"], str):
                questions.setdefault(question["code"], question)
        for row in rows["options"]:
            parent = self._parent(
                OPTIONS, row, questions, _("No question “%(code)s” on the questions sheet.")
            )
            if parent is not None:
                path = (
                    f"{paths[id(parent)]}.options[{len(parent['options'])}]" if id(parent) in paths else None
                )
                parent["options"].append(self._item(OPTIONS, row, path))
        for row in rows["recommendations"]:
            parent = self._parent(
                RECOMMENDATIONS, row, dimensions, _("No dimension “%(code)s” on the dimensions sheet.")
            )
            if parent is not None:
                path = f"{paths[id(parent)]}.recommendations[{len(parent['recommendations'])}]"
                parent["recommendations"].append(self._item(RECOMMENDATIONS, row, path))
        return document

    def _bank(self, rows: list[_Row]) -> dict:
        if not rows:
            self.problem(BANK.name, None, None, _("The bank sheet has no row under its headers."))
            self.reported.update(f"$.{column.key[0]}" for column in BANK.columns)
            return {column.key[0]: None for column in BANK.columns}
        for extra in rows[1:]:
            self.problem(BANK.name, extra.number, None, _("One bank per workbook: leave this row empty."))
        return self._item(BANK, rows[0], "$")

    def _parent(self, sheet: Sheet, row: _Row, parents: dict[str, dict], unknown: str) -> dict | None:
        column = sheet.columns[0].header
        try:
            code = self._value(sheet.columns[0], row.values.get(column))
        except _CellError as error:
            if str(error):
                self.problem(sheet.name, row.number, column, str(error))
            return None
        if code not in parents:
            self.problem(sheet.name, row.number, column, unknown % {"code": code[:100]})
            return None
        return parents[code]

    def _item(self, sheet: Sheet, row: _Row, path: str | None) -> dict:
        """The item of a row, keys in the document's order. ``path`` None: an item outside the document
        (its parent is unknown), whose cells are still checked."""
        if path is not None:
            self.places[path] = (sheet.name, row.number)
        item = {}
        for column in sheet.columns:
            if column.kind == "parent":
                continue
            try:
                value = self._value(column, row.values.get(column.header))
            except _CellError as error:
                if str(error):
                    self.problem(sheet.name, row.number, column.header, str(error))
                if path is not None:
                    self.reported.add(f"{path}.{'.'.join(column.key)}")
                value = None
            if column.kind == "text":
                name, language = column.key
                item.setdefault(name, {})[language] = value
            else:
                item[column.header] = value
        return item

    @staticmethod
    def _value(column: Column, value):
        """A cell's value as the document has it; raises ``_CellError`` with a message (none for a formula,
        already reported)."""
        if isinstance(value, _CellError):
            raise value
        if value is None:
            if column.kind == "text":
                return ""
            if not column.required:
                return None
            raise _CellError(_("This cell is empty."))
        if column.kind == "text":
            if isinstance(value, str):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return _plain(Decimal(repr(value)))
            raise _CellError(_("Expected text."))
        if column.kind in ("code", "parent"):
            if isinstance(value, str):
                return value.strip()
            if isinstance(value, int | float) and not isinstance(value, bool):
                return _plain(Decimal(repr(value)))
            raise _CellError(_("Expected text."))
        if column.kind == "boolean":
            return _boolean(value)
        number = _number(value)
        if column.kind == "whole" and isinstance(number, float) and number.is_integer():
            return int(number)
        return number


def _plain(number: Decimal) -> str:
    """1 → "1", 1.0 → "1", 1.1 → "1.1": a number Excel stored where text was meant."""
    return str(int(number)) if number == number.to_integral_value() else str(number)


def _number(value) -> int | float:
    """A number cell, or a text cell holding a number ("2" an int, "2.0" a float). A float is read through
    its shortest decimal form, so 1.1 stays 1.1 whatever binary fraction Excel stored."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise _CellError(_("Expected a number."))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _CellError(_("Expected a number.")) from None
    if not number.is_finite() or abs(number) >= 10**9:
        raise _CellError(_("Expected a number."))
    if isinstance(value, int) or re.fullmatch(r"[+-]?\d+", text):
        return int(number)
    return float(number)


BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | str) and str(value).strip().lower() in BOOLEANS:
        return BOOLEANS[str(value).strip().lower()]
    raise _CellError(_("Expected TRUE or FALSE."))
