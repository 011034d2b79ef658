"""The dimension page's questions, evidence blocks and progress steps, rendered once per process and filled
for each request (``cxmaturity/kept_markup.py``).

What the page shows of a frozen bank's question is the same for everyone: its text, help, options and labels
in the page's language. Only a few places depend on the person answering: the options chosen, the comment,
the status, the workshop round, the files attached, the progress figures and the assessment's key in the
addresses. Each part is rendered once with stand-ins (``HoleState``, ``HoleStep``) that write a marker at
those places, kept with the bank's structure (``banks/structure.py``) and joined with each request's values.
The result is byte for byte what the templates render for the request's own state (a test compares them).
"""

from django.conf import settings
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from cxmaturity.kept_markup import Holes, join, marker, pieces_of

from ..banks.structure import BankStructure

PAGE = "assessments/questionnaire/dimension.html"
PROGRESS = "assessments/questionnaire/progress.html"
# A key that the URL converters accept and no real one is: replaced by a marker once rendered.
STAND_IN_KEY = "z" * 26


class HoleState:
    """A question's state in which everything that depends on the person answering is a marker."""

    hole = Holes(marks=True)
    error = ""
    none = False
    saved_at = None
    evidence = ()
    html = evidence_html = ""

    def __init__(self, question, number: int, rounds: bool):
        self.question, self.number = question, number
        self.round = marker("round") if rounds else None
        self.comment = marker("comment")
        self.selected = frozenset()

    def checked(self, code: str) -> str:
        return marker(f"checked:{code}")


class HoleStep:
    """A progress step whose figures are markers named after its dimension."""

    complete = False

    def __init__(self, step):
        self.dimension, self.total = step.dimension, step.total
        code = step.dimension.code
        self.hole = Holes(marks=True, prefix=f"{code}:")
        self.number, self.answered = marker(f"{code}:mark"), marker(f"{code}:answered")


def _render(part: str, context: dict, request) -> tuple[str, ...] | None:
    html = get_template(part).render(context, request)
    return pieces_of(html.replace(f"/{STAND_IN_KEY}/", f"/{marker('key')}/"))


def _stand_in(urls):
    return type(urls)(**{**urls.__dict__, "key": STAND_IN_KEY})


def _kept(structure: BankStructure, key: tuple, render):
    pieces = structure.fragments.get(key)
    if pieces is None:
        pieces = structure.fragments[key] = render() or ()
    return pieces


def fill(request, structure: BankStructure, states, urls, rounds: bool) -> None:
    """Give each state of a frozen bank's questions its markup (``html``, and ``evidence_html`` where the
    page takes files) from the kept pieces; a draft's questions are left to the templates."""
    if not structure.frozen:
        return
    language, stand_in = get_language(), _stand_in(urls)
    for state in states:
        hole_state = HoleState(state.question, state.number, rounds)

        def render(part, hole_state=hole_state):
            context = {
                "state": hole_state,
                "urls": stand_in,
                "evidence_limit": settings.CXM_EVIDENCE_MAX_BYTES,
            }
            return _render(f"{PAGE}#{part}", context, request)

        question_key = ("question", state.question.pk, language, urls.answer, rounds)
        pieces = _kept(structure, question_key, lambda: render("question"))
        if pieces:
            state.html = join(pieces, lambda name, state=state: _value(name, state, urls, request))
        if urls.evidence:
            evidence_key = ("evidence", state.question.pk, language, urls.evidence)
            pieces = _kept(structure, evidence_key, lambda: render("evidence"))
            if pieces:
                state.evidence_html = join(
                    pieces, lambda name, state=state: _value(name, state, urls, request)
                )


def steps(request, structure: BankStructure, progress, position: int, urls) -> str:
    """The page's progress steps (its sidebar) from the kept pieces; "" for a draft."""
    if not structure.frozen:
        return ""
    dimension = progress[position].dimension
    key = ("steps", dimension.pk, get_language(), urls.dimension)

    def render():
        context = {"progress": [HoleStep(step) for step in progress], "dimension": dimension}
        return _render(f"{PROGRESS}#sidebar", {**context, "urls": _stand_in(urls)}, request)

    pieces = _kept(structure, key, render)
    if not pieces:
        return ""
    by_code = {step.dimension.code: step for step in progress}

    def value(name: str) -> str:
        if name == "key":
            return urls.key
        code, _colon, field = name.rpartition(":")
        step = by_code[code]
        if field == "answered":
            return str(step.answered)
        if field == "complete":
            return " is-complete" if step.complete else ""
        if field == "mark":
            return _check() if step.complete else str(step.number)
        raise KeyError(name)

    return join(pieces, value)


def _check() -> str:
    return get_template(f"{PROGRESS}#check").render({})


def _value(name: str, state, urls, request) -> str:
    if name == "key":
        return urls.key
    if name == "error":
        return " has-error" if state.error else ""
    if name == "round":
        return str(state.round)
    if name == "round_note":
        return _part("round_note", state, urls, request) if state.round and state.round > 1 else ""
    if name == "none":
        return " checked" if state.none else ""
    if name == "comment":
        return conditional_escape(state.comment)
    if name == "status":
        return _part("status", state, urls, request) if state.error or state.saved_at else ""
    if name == "evidence_list":
        return _part("evidence_list", state, urls, request) if state.evidence else ""
    if name.startswith("checked:"):
        return state.checked(name.removeprefix("checked:"))
    raise KeyError(name)


def _part(part: str, state, urls, request) -> str:
    context = {"state": state, "urls": urls, "code": state.question.code}
    return get_template(f"{PAGE}#{part}").render(context, request)
