"""Word-level diffs of two texts, for the comparison of bank versions (``compare.py``): English by words,
Japanese (no spaces) by runs of one script — kanji, hiragana, katakana, latin letters, digits — so one changed
word is one small change."""

from difflib import SequenceMatcher
from itertools import groupby

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
Segment = tuple[str, str]  # (EQUAL | INSERT | DELETE, text)


def _script(char: str) -> str | None:
    """The script of a character, for tokens; None for punctuation and symbols (a token each)."""
    if char.isspace():
        return "space"
    code = ord(char)
    if 0x3041 <= code <= 0x309F:
        return "hiragana"
    if (0x30A0 <= code <= 0x30FF and char != "・") or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "katakana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or char in "々〆":
        return "kanji"
    if char.isdigit():
        return "digit"
    if char.isalpha():
        return "letter"
    return None


def tokens(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; in Japanese, runs of one script."""
    result = []
    for script, chars in groupby(text, key=_script):
        if script is None:
            result.extend(chars)
        else:
            result.append("".join(chars))
    return result


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """``before`` → ``after`` as (kind, text) segments: equal text, and deleted then inserted text."""
    old, new = tokens(before), tokens(after)
    ops = [
        (tag == "equal", "".join(old[i1:i2]), "".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    ]
    # A lone space or mark between two changes would cut one change in pieces: fold it into the change.
    for index in range(1, len(ops) - 1):
        same, text, _after = ops[index]
        if same and not text.strip(" ,.、。・") and not ops[index - 1][0] and not ops[index + 1][0]:
            ops[index] = (False, text, text)
    segments: list[Segment] = []
    for same, group in groupby(ops, key=lambda op: op[0]):
        group = list(group)
        if same:
            segments.append((EQUAL, "".join(op[1] for op in group)))
            continue
        deleted, inserted = "".join(op[1] for op in group), "".join(op[2] for op in group)
        segments.extend((kind, text) for kind, text in [(DELETE, deleted), (INSERT, inserted)] if text)
    return tuple(segments)
