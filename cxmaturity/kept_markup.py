"""Markup rendered once and filled many times: the generic half of the questionnaire's kept rendering
(``assessments/views/fragments.py``).

A template is rendered with stand-in objects whose ``hole.<name>`` (and whatever else the caller marks) write
a marker, ``\\x00name\\x00``, where a request's own value goes. The markup is kept as its literal pieces
between markers; ``join`` puts a request's values in. Real objects carry ``NO_HOLES``, so the same template
renders them as it always did.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

MARK = "\x00"


class Holes:
    """``obj.hole.<name>``: a marker (``prefix`` + name) for a stand-in, nothing for a real object."""

    def __init__(self, marks: bool, prefix: str = ""):
        self.marks, self.prefix = marks, prefix

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return marker(self.prefix + name) if self.marks else ""


NO_HOLES = Holes(marks=False)


def marker(name: str) -> str:
    return f"{MARK}{name}{MARK}"


def pieces_of(html: str) -> tuple[str, ...] | None:
    """The markup split at its markers: literal pieces at even places, names at odd ones; None when the
    markup holds a marker character of its own (then it cannot be kept)."""
    pieces = tuple(html.split(MARK))
    return pieces if len(pieces) % 2 else None


def join(pieces: tuple[str, ...], value: Callable[[str], str]) -> SafeString:
    """The pieces with each name replaced by ``value(name)``, which must return escaped markup."""
    parts = [piece if place % 2 == 0 else value(piece) for place, piece in enumerate(pieces)]
    return mark_safe("".join(parts))  # noqa: S308 (rendered escaped, and the values are escaped markup)
