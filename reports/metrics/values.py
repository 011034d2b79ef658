"""NPS, CSAT and CES computed from raw response counts, and the values that show them.

The computations are pure functions over plain counts, exact (fractions, no floating point) and rounded half
up (away from zero on a tie, as ``decimal.ROUND_HALF_UP``) only at the end:

- NPS: answers 0–10; promoters 9–10, passives 7–8, detractors 0–6; % promoters − % detractors, a whole
  number from −100 to +100.
- CSAT: answers 1–5; the share of 4 and 5, in %, one decimal.
- CES: answers 1–7 (agreement that it was easy); the mean, two decimals.

With no response at all a metric is undefined (None), never 0.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from assessments.models.metrics import METRIC_NAMES, SCALES

UNDEFINED = "—"
MINUS = "\u2212"  # the minus sign, as wide as the plus sign


def round_half_up(value: Fraction, places: int = 0) -> Decimal:
    """An exact fraction rounded to ``places`` decimals, ties away from zero (−12.5 → −13, 12.5 → 13)."""
    scaled = abs(value) * 10**places
    whole = int(scaled + Fraction(1, 2))  # int() truncates: floor for the non-negative value
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def _check(counts: Sequence[int], code: str) -> None:
    if len(counts) != len(SCALES[code]):
        raise ValueError(f"{code} needs {len(SCALES[code])} counts, got {len(counts)}")
    if any(count < 0 for count in counts):
        raise ValueError(f"{code} counts cannot be negative: {list(counts)}")


def nps(counts: Sequence[int]) -> Decimal | None:
    """Net Promoter Score from the 11 counts of answers 0..10."""
    _check(counts, "nps")
    total = sum(counts)
    if not total:
        return None
    promoters, detractors = sum(counts[9:]), sum(counts[:7])
    return round_half_up(Fraction(100 * (promoters - detractors), total))


def csat(counts: Sequence[int]) -> Decimal | None:
    """Customer satisfaction from the 5 counts of answers 1..5: the percentage of 4s and 5s."""
    _check(counts, "csat")
    total = sum(counts)
    if not total:
        return None
    return round_half_up(Fraction(100 * sum(counts[3:]), total), 1)


def ces(counts: Sequence[int]) -> Decimal | None:
    """Customer effort score from the 7 counts of answers 1..7: their mean."""
    _check(counts, "ces")
    total = sum(counts)
    if not total:
        return None
    return round_half_up(
        Fraction(sum(answer * count for answer, count in zip(SCALES["ces"], counts, strict=True)), total), 2
    )


COMPUTE = {"nps": nps, "csat": csat, "ces": ces}


def display(code: str, value: Decimal | None) -> str:
    """How a value is shown: "+30", "−12", "0"; "78.5 %"; "5.20 / 7"; "—" when undefined."""
    if value is None:
        return UNDEFINED
    if code == "nps":
        return f"+{value}" if value > 0 else f"{MINUS}{-value}" if value < 0 else "0"
    if code == "csat":
        return f"{value:.1f} %"
    return f"{value:.2f} / 7"


def definitions() -> dict[str, str]:
    """One sentence per metric, in the active language."""
    return {
        "nps": _(
            "Asked how likely they are to recommend you from 0 to 10: the percentage of promoters (9–10) "
            "minus the percentage of detractors (0–6), from −100 to +100."
        ),
        "csat": _("Asked how satisfied they are from 1 to 5: the percentage who answered 4 or 5."),
        "ces": _(
            "Asked how far they agree that it was easy to deal with you, from 1 to 7: the mean answer (the "
            "higher, the easier)."
        ),
    }


@dataclass(frozen=True)
class MetricValue:
    code: str  # "nps" | "csat" | "ces"
    name: str  # translated: "Net Promoter Score (NPS)"
    value: Decimal | None
    display: str  # "+30", "78.5 %", "5.20 / 7"; "—" when undefined
    responses: int
    definition: str  # translated one-sentence definition


def metric_value(code: str, counts: Sequence[int]) -> MetricValue:
    value = COMPUTE[code](counts)
    return MetricValue(
        code=code,
        name=str(METRIC_NAMES[code]),
        value=value,
        display=display(code, value),
        responses=sum(counts),
        definition=definitions()[code],
    )


def metric_values(counts: dict[str, Sequence[int] | None]) -> list[MetricValue]:
    """The metrics that have counts, in the order NPS, CSAT, CES."""
    return [metric_value(code, counts[code]) for code in SCALES if counts.get(code) is not None]
