"""Benchmarks: an organization's scores against its peers'.

Peers are the other organizations' latest submitted results on the same bank slug, on a version with the same
dimension codes. The group is narrowed by industry, size band and country; with fewer than k peers
(``settings.CXM_BENCHMARK_MIN_PEERS``) it widens: size band, then country, then industry are dropped. With
fewer than k peers overall there is no comparison, only the reason.

The scores come from the maintained aggregate `reports.models.PeerScore` (kept fresh on every submission,
rebuilt by ``manage.py refresh_peer_scores``). A comparison costs two queries whatever the number of peers:
the group sizes of the four widening steps in one aggregate, then the chosen group's histogram of scores.
Scores are stored rounded to 2 decimals in [1, 5], so a histogram holds at most 401 values per dimension; the
statistics are pure functions over it. Benchmarks are computed against today's peers, not frozen at
submission.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from assessments.models import Assessment, Dimension, DimensionResult, Organization

from .models import PeerScore

# Filters of the peer group, in the order they are dropped when the group is too small.
WIDENING = ("size_band", "country", "industry")
QUARTILES = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


# Statistics over a histogram: pure functions of plain values

Histogram = Sequence[tuple[Decimal, int]]  # (score, how many peers have it), scores ascending, counts > 0


def _total(histogram: Histogram) -> int:
    return sum(count for _score, count in histogram)


def _order_statistic(histogram: Histogram, index: int) -> Decimal:
    """The ``index``-th smallest score (0-based)."""
    seen = 0
    for score, count in histogram:
        seen += count
        if index < seen:
            return score
    raise IndexError(index)


def quantile(histogram: Histogram, p: Decimal) -> Decimal:
    """The ``p`` quantile by linear interpolation between order statistics ("type 7": position (n − 1)·p,
    0-based), exact."""
    n = _total(histogram)
    if n == 0:
        raise ValueError("An empty histogram has no quantiles.")
    position = (n - 1) * p
    below = int(position)  # position ≥ 0: int() is the floor
    fraction = position - below
    low = _order_statistic(histogram, below)
    if fraction == 0:
        return low
    high = _order_statistic(histogram, below + 1)
    return low + (high - low) * fraction


def mean(histogram: Histogram) -> Decimal:
    n = _total(histogram)
    if n == 0:
        raise ValueError("An empty histogram has no mean.")
    return sum((score * count for score, count in histogram), Decimal(0)) / n


def percentile_rank(histogram: Histogram, score: Decimal) -> Decimal:
    """100 × (count below + ½ × count equal) ÷ n, exact."""
    below = sum(count for value, count in histogram if value < score)
    equal = sum(count for value, count in histogram if value == score)
    return Decimal(100) * (below + Decimal(equal) / 2) / _total(histogram)


@dataclass(frozen=True)
class Stats:
    n: int
    mean: Decimal  # rounded half up to 2 decimals for display and JSON
    median: Decimal
    p25: Decimal
    p75: Decimal
    # The organization's own rank (1 decimal), None when its own score is undefined.
    percentile_rank: Decimal | None


def statistics(histogram: Histogram, own: Decimal | None) -> Stats:
    """The statistics of one dimension (or the overall score) of a peer group, and the organization's rank."""
    p25, median, p75 = (quantile(histogram, p) for p in QUARTILES)
    return Stats(
        n=_total(histogram),
        mean=mean(histogram).quantize(CENT, rounding=ROUND_HALF_UP),
        median=median.quantize(CENT, rounding=ROUND_HALF_UP),
        p25=p25.quantize(CENT, rounding=ROUND_HALF_UP),
        p75=p75.quantize(CENT, rounding=ROUND_HALF_UP),
        percentile_rank=(
            None if own is None else percentile_rank(histogram, own).quantize(TENTH, rounding=ROUND_HALF_UP)
        ),
    )


# The peer group and the comparison


def _industry_name(value: str) -> str:
    return str(dict(Organization.Industry.choices).get(value, value))


def _size_name(value: str) -> str:
    return str(dict(Organization.SizeBand.choices).get(value, value))


@dataclass(frozen=True)
class PeerGroup:
    industry: str | None  # the filter value used, None when dropped
    size_band: str | None
    country: str | None
    n: int  # peers in the group (organizations)

    def describe(self) -> str:
        """The group in words, in the active language: "Retail and e-commerce · 250–999 employees · Japan"."""
        industry = _industry_name(self.industry) if self.industry else _("All industries")
        size = _size_name(self.size_band) if self.size_band else _("all sizes")
        country = (str(countries.name(self.country)) or self.country) if self.country else _("all countries")
        return " · ".join([industry, size, country])


@dataclass(frozen=True)
class Benchmark:
    group: PeerGroup
    demo: bool  # any demonstration data in the group
    overall: Stats | None
    dimensions: dict[str, Stats | None]  # by dimension code, every dimension of the bank
    widened: tuple[str, ...]  # filters dropped, in order: "size_band", "country", "industry"

    @property
    def widening_note(self) -> str:
        """Why filters were dropped, in plain words ("" when the full group was large enough)."""
        k = settings.CXM_BENCHMARK_MIN_PEERS
        if "industry" in self.widened:
            return ngettext(
                "Fewer than %(k)d other organization in the same industry has a result, so the group holds "
                "every organization with a result on this question bank.",
                "Fewer than %(k)d other organizations in the same industry have a result, so the group holds "
                "every organization with a result on this question bank.",
                k,
            ) % {"k": k}
        if "country" in self.widened:
            return ngettext(
                "Fewer than %(k)d other organization of the same industry and country has a result, so the "
                "group holds every size and country in the industry.",
                "Fewer than %(k)d other organizations of the same industry and country have a result, so the "
                "group holds every size and country in the industry.",
                k,
            ) % {"k": k}
        if "size_band" in self.widened:
            return ngettext(
                "Fewer than %(k)d other organization of the same industry, size and country has a result, so "
                "the group holds every size in the industry and country.",
                "Fewer than %(k)d other organizations of the same industry, size and country have a result, "
                "so the group holds every size in the industry and country.",
                k,
            ) % {"k": k}
        return ""


@dataclass(frozen=True)
class BenchmarkOutcome:
    benchmark: Benchmark | None
    reason: str | None  # translated plain reason when benchmark is None


def dimension_signature(codes: Iterable[str]) -> str:
    """What peers must share: the bank version's dimension codes, whatever their order."""
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


@dataclass(frozen=True)
class Profile:
    """Who is compared: the filters of its peer group and the bank it answered."""

    bank_slug: str
    dimension_codes: tuple[str, ...]  # in bank order
    industry: str
    size_band: str
    country: str
    organization_id: int | None = None  # excluded from its own peers


def _steps(profile: Profile) -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """The widening steps: (filters dropped, filters kept), from the full group to every peer."""
    filters = {"industry": profile.industry, "size_band": profile.size_band, "country": profile.country}
    steps = []
    for dropped in range(len(WIDENING) + 1):
        widened = WIDENING[:dropped]
        steps.append((widened, {name: value for name, value in filters.items() if name not in widened}))
    return steps


def compare(
    profile: Profile,
    overall: Decimal | None,
    dimension_scores: Mapping[str, Decimal | None],
    *,
    demo_only: bool = False,
    too_few_reason: str | None = None,
) -> BenchmarkOutcome:
    """The benchmark of one organization's scores (``overall`` and by dimension code), in two queries: the
    sizes of the widening steps, then the chosen group's histogram (one query with no comparison)."""
    k = settings.CXM_BENCHMARK_MIN_PEERS
    peers = PeerScore.objects.filter(
        bank_slug=profile.bank_slug, signature=dimension_signature(profile.dimension_codes)
    )
    if profile.organization_id is not None:
        peers = peers.exclude(organization_id=profile.organization_id)
    if demo_only:
        peers = peers.filter(is_demo=True)

    steps = _steps(profile)
    counts = {}
    for number, (_widened, kept) in enumerate(steps):
        counts[f"n{number}"] = Count("pk", filter=Q(**kept)) if kept else Count("pk")
        counts[f"demo{number}"] = Count("pk", filter=Q(is_demo=True, **kept))
    sizes = peers.filter(key=PeerScore.OVERALL).aggregate(**counts)
    chosen = next((number for number in range(len(steps)) if sizes[f"n{number}"] >= k), None)
    if chosen is None:
        reason = too_few_reason or ngettext(
            "Fewer than %(k)d other organization has submitted a result on this question bank, so there is "
            "no comparison with peers yet.",
            "Fewer than %(k)d other organizations have submitted results on this question bank, so there is "
            "no comparison with peers yet.",
            k,
        ) % {"k": k}
        return BenchmarkOutcome(benchmark=None, reason=reason)

    widened, kept = steps[chosen]
    histograms: dict[str, list[tuple[Decimal, int]]] = {}
    rows = peers.filter(**kept).values("key", "score").annotate(n=Count("pk")).order_by("key", "score")
    for row in rows:
        histograms.setdefault(row["key"], []).append((row["score"], row["n"]))

    def stats(key: str, own: Decimal | None) -> Stats | None:
        # A dimension that fewer than k peers could score is not compared, like a group of fewer than k.
        histogram = histograms.get(key, [])
        return statistics(histogram, own) if _total(histogram) >= k else None

    return BenchmarkOutcome(
        benchmark=Benchmark(
            group=PeerGroup(
                industry=kept.get("industry"),
                size_band=kept.get("size_band"),
                country=kept.get("country"),
                n=sizes[f"n{chosen}"],
            ),
            demo=sizes[f"demo{chosen}"] > 0,
            overall=stats(PeerScore.OVERALL, overall),
            dimensions={code: stats(code, dimension_scores.get(code)) for code in profile.dimension_codes},
            widened=widened,
        ),
        reason=None,
    )


def benchmark_for(
    assessment: Assessment, *, dimension_scores: Mapping[str, Decimal | None] | None = None
) -> BenchmarkOutcome:
    """The benchmark of a submitted assessment (fetched with ``organization``, ``bank`` and ``result``)
    against today's peers.

    ``dimension_scores`` — its stored dimension scores by code, in bank order — saves a query when the caller
    has them. Queries: (the dimension results,) the group sizes, the group's histogram.
    """
    if assessment.is_open or not hasattr(assessment, "result"):
        return BenchmarkOutcome(
            benchmark=None, reason=_("This assessment is not submitted yet, so it has no peer comparison.")
        )
    if dimension_scores is None:
        dimension_scores = dict(
            DimensionResult.objects.filter(result_id=assessment.result.pk)
            .order_by("dimension__order", "dimension_id")
            .values_list("dimension__code", "score")
        )
    organization = assessment.organization
    profile = Profile(
        bank_slug=assessment.bank.slug,
        dimension_codes=tuple(dimension_scores),
        industry=organization.industry,
        size_band=organization.size_band,
        country=str(organization.country),
        organization_id=organization.pk,
    )
    return compare(profile, assessment.result.score, dimension_scores)


def sample_benchmark(
    *,
    bank_slug: str,
    overall: Decimal | None,
    dimension_scores: Mapping[str, Decimal | None],
    industry: str,
    size_band: str,
    country: str,
) -> BenchmarkOutcome:
    """The public sample's benchmark: against demonstration peers only, as its organization is made up."""
    profile = Profile(
        bank_slug=bank_slug,
        dimension_codes=tuple(dimension_scores),
        industry=industry,
        size_band=size_band,
        country=country,
    )
    reason = _(
        "The sample is compared with demonstration organizations only, and fewer than %(k)d of them have "
        "results on this question bank."
    ) % {"k": settings.CXM_BENCHMARK_MIN_PEERS}
    return compare(profile, overall, dimension_scores, demo_only=True, too_few_reason=reason)


# Keeping the aggregate fresh


def _latest_submitted():
    """Submitted assessments with a result that are the latest (by submission date) of their organization on
    their bank slug."""
    newest = (
        Assessment.objects.submitted()
        .filter(
            organization_id=OuterRef("organization_id"),
            bank__slug=OuterRef("bank__slug"),
            result__isnull=False,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.submitted().filter(result__isnull=False, pk=Subquery(newest))


def _store(assessments) -> int:
    """Insert the peer scores of ``assessments`` (a queryset): three reads, then the inserts in batches.
    Returns the rows written."""
    latest = list(
        assessments.values(
            "pk",
            "organization_id",
            "organization__industry",
            "organization__size_band",
            "organization__country",
            "organization__is_demo",
            "bank_id",
            "bank__slug",
            "submitted_at",
            "result__score",
        )
    )
    if not latest:
        return 0
    bank_codes: dict[int, list[str]] = {}
    for bank_id, code in Dimension.objects.filter(bank_id__in={row["bank_id"] for row in latest}).values_list(
        "bank_id", "code"
    ):
        bank_codes.setdefault(bank_id, []).append(code)
    signatures = {bank_id: dimension_signature(codes) for bank_id, codes in bank_codes.items()}
    scores: dict[int, list[tuple[str, Decimal]]] = {}
    for assessment_id, code, score in DimensionResult.objects.filter(
        result__assessment__in=assessments.values("pk"), score__isnull=False
    ).values_list("result__assessment_id", "dimension__code", "score"):
        scores.setdefault(assessment_id, []).append((code, score))

    rows = []
    for row in latest:
        keyed = [(PeerScore.OVERALL, row["result__score"]), *scores.get(row["pk"], [])]
        rows.extend(
            PeerScore(
                organization_id=row["organization_id"],
                assessment_id=row["pk"],
                bank_slug=row["bank__slug"],
                signature=signatures.get(row["bank_id"], dimension_signature([])),
                key=key,
                score=score,
                industry=row["organization__industry"],
                size_band=row["organization__size_band"],
                country=row["organization__country"],
                is_demo=row["organization__is_demo"],
                submitted_at=row["submitted_at"],
            )
            for key, score in keyed
            if score is not None  # an undefined score is no one's peer
        )
    PeerScore.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def peer_scores_refresh(*, organization_id: int, bank_slug: str) -> None:
    """Replace an organization's peer scores on a bank slug by those of its latest submitted assessment."""
    with transaction.atomic():
        # Concurrent submissions of one organization refresh its rows one after the other.
        list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk"))
        PeerScore.objects.filter(organization_id=organization_id, bank_slug=bank_slug).delete()
        _store(_latest_submitted().filter(organization_id=organization_id, bank__slug=bank_slug))


def peer_scores_rebuild() -> int:
    """Rebuild every peer score from the submitted results; returns the rows written."""
    with transaction.atomic():
        PeerScore.objects.all().delete()
        return _store(_latest_submitted())


def peer_profile_refresh(organization: Organization) -> None:
    """Copy an organization's filters (industry, size band, country, demo flag) onto its peer scores."""
    PeerScore.objects.filter(organization_id=organization.pk).update(
        industry=organization.industry,
        size_band=organization.size_band,
        country=str(organization.country),
        is_demo=organization.is_demo,
    )
