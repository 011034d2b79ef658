"""What the radar and the bar chart draw per dimension, and the words that describe it to a screen reader."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .svg import score_text


@dataclass(frozen=True)
class ChartDimension:
    code: str
    label: str
    score: Decimal | None  # None = not enough answers
    target: Decimal | None = None  # the target level's minimum score
    peer_median: Decimal | None = None  # the peer group's median, when there is a benchmark


def describe_dimensions(dimensions: Sequence[ChartDimension]) -> str:
    parts = []
    for dimension in dimensions:
        if dimension.score is None:
            parts.append(_("%(name)s: not enough answers") % {"name": dimension.label})
        elif dimension.target is None:
            parts.append(
                _("%(name)s: %(score)s") % {"name": dimension.label, "score": score_text(dimension.score)}
            )
        else:
            parts.append(
                _("%(name)s: %(score)s (target %(target)s)")
                % {
                    "name": dimension.label,
                    "score": score_text(dimension.score),
                    "target": score_text(dimension.target),
                }
            )
    return "; ".join(parts) + "."
