"""A question's markup on the dimension page, rendered once per process and filled for each request.

What the page shows of a question of a frozen bank is the same for everyone: its text, help, options and
labels in the page's language. Only a few places depend on the person answering: the options chosen, the
comment, the error or "saved" status, the workshop round, and the assessment's key in the addresses. The
question's partial is rendered once with ``HoleState``, which writes a marker (``\\x00name\\x00``) at each of
those places; the markup is kept with the bank's structure (``banks/structure.py``) as the literal pieces
between the markers, and each request joins the pieces with its own values. The result is byte for byte what
the partial renders for the request's own state (a test compares the two).
"""

from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..banks.structure import BankStructure

PAGE = "assessments/questionnaire/dimension.html"
MARK = "\x00"
# A key that a URL converter accepts and no real one is: replaced by a marker once rendered.
STAND_IN_KEY = "z" * 26


class _Holes:
    """``state.hole.<name>``: a marker in the markup kept, nothing in a page rendered for a real state."""

    def __init__(self, marks: bool):
        self.marks = marks

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return f"{MARK}{name}{MARK}" if self.marks else ""


NO_HOLES = _Holes(marks=False)
HOLES = _Holes(marks=True)


class HoleState:
    """A question's state in which everything that depends on the person answering is a marker."""

    hole = HOLES
    error = ""
    none = False
    saved_at = None
    evidence = ()
    html = ""

    def __init__(self, question, number: int, rounds: bool):
        self.question, self.number = question, number
        self.round = f"{MARK}round{MARK}" if rounds else None
        self.comment = f"{MARK}comment{MARK}"
        self.selected = frozenset()

    def checked(self, code: str) -> str:
        return f"{MARK}checked:{code}{MARK}"


def _pieces(request, state, urls, rounds: bool) -> tuple[str, ...] | None:
    """The question's partial rendered with markers, split: literal pieces at even places, names at odd."""
    template = get_template("assessments/questionnaire/dimension.html#question")
    stand_in = type(urls)(**{**urls.__dict__, "key": STAND_IN_KEY})
    html = template.render(
        {"state": HoleState(state.question, state.number, rounds), "urls": stand_in}, request
    )
    html = html.replace(f"/{STAND_IN_KEY}/", f"/{MARK}key{MARK}/")
    pieces = tuple(html.split(MARK))
    return pieces if len(pieces) % 2 else None  # a marker in the bank's own text: render it each time


def _value(name: str, state, urls, request) -> str:
    if name == "key":
        return urls.key
    if name == "error":
        return " has-error" if state.error else ""
    if name == "round":
        return str(state.round)
    if name == "round_note":
        if not state.round or state.round <= 1:
            return ""
        return get_template(f"{PAGE}#round_note").render({"state": state})
    if name == "none":
        return " checked" if state.none else ""
    if name == "comment":
        return conditional_escape(state.comment)
    if name == "status":
        if not (state.error or state.saved_at):
            return ""
        return get_template("assessments/questionnaire/dimension.html#status").render(
            {"state": state}, request
        )
    if name.startswith("checked:"):
        return state.checked(name.removeprefix("checked:"))
    raise KeyError(name)


def fill(request, structure: BankStructure, states, urls, rounds: bool) -> None:
    """Give each state of a frozen bank's questions its markup (``state.html``) from the kept pieces; a
    draft's questions are left to the template."""
    if not structure.frozen:
        return
    language = get_language()
    for state in states:
        key = (state.question.pk, language, urls.answer, rounds)
        pieces = structure.fragments.get(key)
        if pieces is None:
            pieces = structure.fragments[key] = _pieces(request, state, urls, rounds) or ()
        if pieces:
            state.html = _joined(pieces, state, urls, request)


def _joined(pieces: tuple[str, ...], state, urls, request) -> SafeString:
    parts = [
        piece if place % 2 == 0 else _value(piece, state, urls, request) for place, piece in enumerate(pieces)
    ]
    return mark_safe("".join(parts))  # noqa: S308 (the pieces were rendered escaped; the values are escaped)
