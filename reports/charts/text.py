"""Text in the charts: widths estimated without the font, and labels wrapped to lines that fit.

Fonts are not known here, so widths are estimated generously: a wide (East Asian) character takes one em, a
Latin one about 0.6 em. Wrapping keeps words whole (a Japanese word with its particle) and follows the
Japanese line-breaking rules: no small kana or closing bracket at the start of a line, no opening bracket at
its end.
"""

import unicodedata
from collections.abc import Sequence

_NO_LINE_START = set("ー、。，．・：；！？)）]」』〕】ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("（「『〔【")
_NARROW = set("il.,:;'|!()[]{} ")
_WIDE_LATIN = set("mwMW@%")


def _char_width(char: str) -> float:
    if _is_wide(char):
        return 1.0
    if char in _NARROW:
        return 0.32
    if char in _WIDE_LATIN or char.isupper():
        return 0.75
    return 0.58


def text_width(text: str, size: float) -> float:
    return sum(_char_width(char) for char in text) * size


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _script(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff" or char == "々":
        return "kanji"
    if "\u30a1" <= char <= "\u30fa" or char == "ー":
        return "katakana"
    if "\u3041" <= char <= "\u309f":
        return "hiragana"
    return "wide" if _is_wide(char) else "latin"


def _joins(char: str, kind: str, previous: str, glue: bool) -> bool:
    """Whether ``char`` (of script ``kind``) continues the token before it (of script ``previous``)."""
    return (
        glue
        or char in _NO_LINE_START
        or (kind == previous and kind in ("latin", "kanji", "katakana"))
        or (kind == "latin" and previous == "space")
        or (kind == "hiragana" and previous in ("kanji", "katakana"))
    )


def _tokens(text: str) -> list[str]:
    """Units not to break inside: Latin words (with the space before them), runs of kanji or of katakana with
    the particle that follows them (と, の…), and what may not end or start a line kept with its neighbour."""
    tokens: list[str] = []
    previous = ""  # the script of the last token
    glue = False  # the last token may not end a line
    for char in text:
        kind = "space" if char == " " else _script(char)
        if tokens and kind != "space" and _joins(char, kind, previous, glue):
            tokens[-1] += char
            if kind == "hiragana" and previous in ("kanji", "katakana"):
                previous = "particle"  # it ends the word
            elif char not in _NO_LINE_START:
                previous = kind
        else:
            tokens.append(char)
            previous = kind
        glue = char in _NO_LINE_END
    return tokens


def _break_long(token: str, max_width: float, size: float) -> list[str]:
    """A token too long for a line, in pieces that fit; a Latin word is hyphenated."""
    hyphen = "-" if not any(_is_wide(char) for char in token) else ""
    pieces, piece = [], ""
    for char in token:
        if piece and text_width(piece + char + hyphen, size) > max_width:
            if char in _NO_LINE_START and len(piece) > 1:
                pieces.append(piece[:-1])
                piece = piece[-1] + char
            else:
                pieces.append(piece + hyphen)
                piece = char
        else:
            piece += char
    return [*pieces, piece] if piece else pieces


def _greedy(tokens: Sequence[str], max_width: float, size: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = line + token if line else token.lstrip()
        if text_width(candidate, size) <= max_width:
            line = candidate
            continue
        if line:
            lines.append(line)
        token = token.lstrip()
        pieces = _break_long(token, max_width, size) if text_width(token, size) > max_width else [token]
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def wrap(text: str, max_width: float, size: float, max_lines: int = 3) -> list[str]:
    """Lines of at most ``max_width`` (estimated), balanced in length; the last line ends with … if the
    text does not fit in ``max_lines``."""
    tokens = _tokens(" ".join(text.split()))
    lines = _greedy(tokens, max_width, size)
    if 1 < len(lines) <= max_lines:
        # The narrowest width that needs no more lines, so that no line is left with a word or two.
        width = max_width
        widest_token = max(text_width(token.strip(), size) for token in tokens)
        # Tokens that fit stay whole; a token too long for any line is broken anyway, evenly.
        floor = widest_token if widest_token <= max_width else size * 2
        while width - size / 2 >= floor:
            narrower = _greedy(tokens, width - size / 2, size)
            if len(narrower) > len(lines):
                break
            width, lines = width - size / 2, narrower
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]
