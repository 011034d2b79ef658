"""Markup rendered once and filled many times: the generic half of the questionnaire's kept rendering
(``assessments/views/fragments.py``).

A template is rendered with stand-in objects whose ``hole.<name>`` (and whatever else the caller marks) write
a marker, ``\\x00name\\x00``, where a request's own value goes. The markup is kept as its literal pieces
between markers; ``join`` puts a request's values in. Real objects carry ``NO_HOLES``, so the same template
renders them as it always did.
"""

import hashlib
import threading
from collections import OrderedDict
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


class KeptPages:
    """A process's last ``size`` renderings, by a digest of everything they were rendered from.

    The key is the data itself (its ``repr``: the view models are frozen dataclasses of plain values), so a
    rendering is never stale: different data is a different key, and nothing needs to be forgotten by hand.
    Kept in the process (each app server fills its own), which also means a new release, which restarts the
    processes, never serves markup of its predecessor's templates."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*data) -> str:
        return hashlib.sha256(repr(data).encode()).hexdigest()

    def get(self, key: str) -> tuple[str, ...] | None:
        with self._lock:
            pieces = self._pages.get(key)
            if pieces is not None:
                self._pages.move_to_end(key)
            return pieces

    def put(self, key: str, pieces: tuple[str, ...]) -> None:
        with self._lock:
            self._pages[key] = pieces
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
