"""Question banks as Excel workbooks: the ``cxmaturity.bank/1`` document, a sheet per level of its structure.

Sheets ``bank``, ``levels``, ``dimensions``, ``questions``, ``options`` and ``recommendations`` hold one row
per item under a header row, a column per language (``text_en``, ``text_ja``). A row names its parent by code
(a question its dimension, an option its question) and the rows' order is the bank's order. A ``README``
sheet explains the columns in both languages; other sheets are not read.

``workbook_to_document`` reads an uploaded file, which nobody has checked: it refuses large, malformed and
zip-bomb files before openpyxl opens them, refuses formulas, and reports every problem of the content by
sheet, row and column header (``validate_bank`` checks the meaning, its JSON paths mapped back to cells).
"""

from .layout import SHEETS, WorkbookProblem, WorkbookProblems
from .reading import import_bank_file, import_workbook, is_workbook, workbook_to_document
from .writing import document_to_workbook, template_document, template_workbook

__all__ = [
    "SHEETS",
    "WorkbookProblem",
    "WorkbookProblems",
    "document_to_workbook",
    "import_bank_file",
    "import_workbook",
    "is_workbook",
    "template_document",
    "template_workbook",
    "workbook_to_document",
]
