"""A workbook read back into a ``cxmaturity.bank/1`` document, and imported.

The file comes from outside: it is refused when large, malformed or a zip bomb before openpyxl opens it, and
formulas are refused. Every problem of the content is listed by sheet, row and column header: the cells' own
(empty, not a number, an unknown parent code) and ``validate_bank``'s, its JSON paths mapped back to cells.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ...models import QuestionBank
from ...zips import MAX_RATIO, unpacks_too_much
from ..interchange import BankImportError, import_bank, parse_bank
from ..validation import validate_bank
from .layout import (
    BANK,
    DIMENSIONS,
    LEVELS,
    MB,
    OPTIONS,
    QUESTIONS,
    RECOMMENDATIONS,
    SHEETS,
    Column,
    Sheet,
    WorkbookProblem,
    WorkbookProblems,
    refused,
    unreadable,
)

MAX_COLUMNS = 64  # columns read in a row; the widest sheet has 13


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
    document = parse_bank(data)  # which refuses a file over the size limit
    if status is not None:
        document["status"] = status
    return import_bank(document)


def _check_size(data: bytes) -> None:
    if len(data) > settings.CXM_BANK_WORKBOOK_MAX_BYTES:
        raise refused(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.CXM_BANK_WORKBOOK_MAX_BYTES // MB}
        )


def _check_file(data: bytes) -> None:
    """Refuse what openpyxl should not open: too large, empty, not a zip, or unpacking to too much."""
    _check_size(data)
    if not data:
        raise refused(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refused(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) and try again.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise refused(_("This file is not an Excel workbook (.xlsx).")) from None
    limit = settings.CXM_BANK_WORKBOOK_MAX_UNPACKED_BYTES
    if unpacks_too_much(members, limit):
        raise refused(
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
            raise unreadable() from None
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
            raise unreadable() from None
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
