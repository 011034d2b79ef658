"""The layout of a bank workbook: its sheets and their columns (with their explanation in both languages, for
the README sheet), and the problems a workbook can have."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cxmaturity.i18n import CONTENT_LANGUAGES

from ...models.banks import BankStatus, Effort, QuestionType
from ..validation import FORMAT

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


def refused(message: str) -> WorkbookProblems:
    return WorkbookProblems([WorkbookProblem(None, None, None, message)])


def unreadable() -> WorkbookProblems:
    return refused(_("This workbook cannot be read. Save it again as .xlsx in Excel and retry."))
