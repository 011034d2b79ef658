"""A ``BankDiff`` (``compare.py``) written as Markdown, for release notes and docs/default-bank.md.

Text changes are named, not diffed word by word (the comparison page shows the words); value changes show
before → after. Options are grouped by their question, so a reworded question reads as one line.
"""

from itertools import groupby

from django.utils.translation import gettext as _

from .compare import BankDiff, Item, ItemChange, Section

MAX_TITLE = 90


def _title(item: Item) -> str:
    title = " ".join(item.title.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def _change(change: ItemChange) -> str:
    parts = []
    if change.texts:
        parts.append(
            _("reworded: %(fields)s") % {"fields": ", ".join(str(text.label) for text in change.texts)}
        )
    parts.extend(f"{value.label} {value.before_shown} → {value.after_shown}" for value in change.values)
    return "; ".join(parts)


def _items(heading: str, items) -> list[str]:
    if not items:
        return []
    return [f"**{heading}** ({len(items)}):", "", *(f"- `{item.key}` {_title(item)}" for item in items), ""]


def _options(section: Section) -> list[str]:
    lines = []
    for heading, items in ((_("Added"), section.added), (_("Removed"), section.removed)):
        for question, group in groupby(items, key=lambda item: item.parent):
            codes = ", ".join(item.key.split(":", 1)[1] for item in group)
            lines.append(f"- `{question}`: {heading.lower()} {codes}")
    for question, group in groupby(section.changed, key=lambda change: change.item.parent):
        group = list(group)
        reworded = [change.item.key.split(":", 1)[1] for change in group if change.texts]
        parts = [_("reworded %(options)s") % {"options": ", ".join(reworded)}] if reworded else []
        parts += [
            f"{change.item.key.split(':', 1)[1]} {value.label} {value.before_shown} → {value.after_shown}"
            for change in group
            for value in change.values
        ]
        lines.append(f"- `{question}`: {'; '.join(parts)}")
    return [*lines, ""] if lines else []


def _section(section: Section) -> list[str]:
    lines = [f"### {section.label}", ""]
    if not section.has_changes:
        return [*lines, _("No changes."), ""]
    if section.kind == "options":
        return lines + _options(section)
    lines += _items(_("Added"), section.added) + _items(_("Removed"), section.removed)
    if section.changed:
        lines += [f"**{_('Changed')}** ({len(section.changed)}):", ""]
        lines += [
            f"- `{change.item.key}` {_title(change.item)}: {_change(change)}" for change in section.changed
        ]
        lines.append("")
    return lines


def diff_to_markdown(diff: BankDiff) -> str:
    """The whole diff as Markdown, headed by whether the two versions' results pool as peers."""
    comparability = diff.comparability
    if comparability.comparable:
        peers = _("Results of both versions pool as peers (same slug, same dimension codes).")
    else:
        peers = _("Results of these versions do not pool as peers.")
    versions = {"before": diff.before_version, "after": diff.after_version}
    lines = [
        "## " + _("Changes from %(before)s to %(after)s") % versions,
        "",
        peers,
        "",
    ]
    if diff.bank:
        fields = ", ".join(str(text.label) for text in diff.bank)
        lines += [_("Bank: reworded %(fields)s.") % {"fields": fields}, ""]
    for section in diff.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip() + "\n"
