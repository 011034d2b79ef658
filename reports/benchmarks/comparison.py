"""The peer group of an organization and the comparison of its scores with the group's.

Peers are the other organizations' latest submitted results on the same bank slug, on a version with the same
dimension codes, of the organizations that count as peers (``standing.py``: verified, one per e-mail domain).
The group is narrowed by industry, size band and country; with fewer than k peers
(``settings.CXM_BENCHMARK_MIN_PEERS``) it widens: size band, then country, then industry are dropped. With
fewer than k peers overall there is no comparison, only the reason.

A comparison reads the maintained aggregate ``reports.models.PeerScore`` and costs two queries whatever the
number of peers: the group sizes of the four widening steps in one aggregate, then the chosen group's
histogram of scores (``stats.py`` computes the figures from it). A row with fewer than
``settings.CXM_BENCHMARK_EXACT_PEERS`` peers is computed from their level bands, not their scores. Benchmarks
are computed against today's peers, not frozen at submission.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from assessments.banks.compare import dimension_signature
from assessments.models import Assessment, DimensionResult, Organization

from ..models import PeerScore
from .stats import Stats, statistics, total

# Filters of the peer group, in the order they are dropped when the group is too small.
WIDENING = ("size_band", "country", "industry")


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
    def banded(self) -> bool:
        """Whether any row's figures come from the peers' level bands (too few peers for exact figures)."""
        return any(stats and stats.banded for stats in [self.overall, *self.dimensions.values()])

    @property
    def banded_note(self) -> str:
        return ngettext(
            "Where fewer than %(n)d peer has a score, the figures are worked out from the middle of each "
            "peer's maturity level band rather than from its exact score (marked ≈), so that no one "
            "organization's score can be read from them.",
            "Where fewer than %(n)d peers have a score, the figures are worked out from the middle of each "
            "peer's maturity level band rather than from their exact scores (marked ≈), so that no one "
            "organization's score can be read from them.",
            settings.CXM_BENCHMARK_EXACT_PEERS,
        ) % {"n": settings.CXM_BENCHMARK_EXACT_PEERS}

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


@dataclass(frozen=True)
class Profile:
    """Who is compared: the filters of its peer group and the bank it answered."""

    bank_slug: str
    dimension_codes: tuple[str, ...]  # in bank order
    industry: str
    size_band: str
    country: str
    organization_id: int | None = None  # excluded from its own peers
    # The minimum scores of the bank's levels, ascending: the level bands of a small group's figures.
    level_floors: tuple[Decimal, ...] = tuple(Decimal(floor) for floor in ("1.0", "1.8", "2.6", "3.4", "4.2"))


def _steps(profile: Profile) -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """The widening steps: (filters dropped, filters kept), from the full group to every peer."""
    filters = {"industry": profile.industry, "size_band": profile.size_band, "country": profile.country}
    steps = []
    for dropped in range(len(WIDENING) + 1):
        widened = WIDENING[:dropped]
        steps.append((widened, {name: value for name, value in filters.items() if name not in widened}))
    return steps


def _peer_scores(profile: Profile, *, demo_only: bool):
    """The peer scores a profile is compared with, before the filters of its group."""
    peers = PeerScore.objects.filter(
        bank_slug=profile.bank_slug, signature=dimension_signature(profile.dimension_codes), counted=True
    )
    if profile.organization_id is not None:
        peers = peers.exclude(organization_id=profile.organization_id)
    if demo_only:
        peers = peers.filter(is_demo=True)
    return peers


def _group_sizes(peers, steps) -> dict[str, int]:
    """How many peers (``n0``, ``n1``…) and demonstration peers (``demo0``…) each widening step holds, in one
    query."""
    counts = {}
    for number, (_widened, kept) in enumerate(steps):
        counts[f"n{number}"] = Count("pk", filter=Q(**kept)) if kept else Count("pk")
        counts[f"demo{number}"] = Count("pk", filter=Q(is_demo=True, **kept))
    return peers.filter(key=PeerScore.OVERALL).aggregate(**counts)


def _histograms(peers) -> dict[str, list[tuple[Decimal, int]]]:
    """The histogram of every dimension (and of the overall score) of a group, by key, in one query."""
    histograms: dict[str, list[tuple[Decimal, int]]] = {}
    for row in peers.values("key", "score").annotate(n=Count("pk")).order_by("key", "score"):
        histograms.setdefault(row["key"], []).append((row["score"], row["n"]))
    return histograms


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
    k, exact = settings.CXM_BENCHMARK_MIN_PEERS, settings.CXM_BENCHMARK_EXACT_PEERS
    peers = _peer_scores(profile, demo_only=demo_only)
    steps = _steps(profile)
    sizes = _group_sizes(peers, steps)
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
    histograms = _histograms(peers.filter(**kept))

    def stats(key: str, own: Decimal | None) -> Stats | None:
        # A dimension that fewer than k peers could score is not compared, like a group of fewer than k.
        histogram = histograms.get(key, [])
        n = total(histogram)
        if n < k:
            return None
        return statistics(histogram, own, floors=profile.level_floors if n < exact else None)

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
    assessment: Assessment,
    *,
    dimension_scores: Mapping[str, Decimal | None] | None = None,
    level_floors: Iterable[Decimal] | None = None,
) -> BenchmarkOutcome:
    """The benchmark of a submitted assessment (fetched with ``organization``, ``bank`` and ``result``)
    against today's peers.

    ``dimension_scores`` — its stored dimension scores by code, in bank order — and ``level_floors`` — the
    minimum scores of the bank's levels — save a query each when the caller has them (the levels are also
    read from ``bank.levels`` when prefetched). Queries: (the dimension results, the levels,) the group
    sizes, the group's histogram.
    """
    if not assessment.has_result:
        return BenchmarkOutcome(
            benchmark=None, reason=_("This assessment is not submitted yet, so it has no peer comparison.")
        )
    if dimension_scores is None:
        dimension_scores = dict(
            DimensionResult.objects.filter(result_id=assessment.result.pk)
            .in_bank_order()
            .values_list("dimension__code", "score")
        )
    if level_floors is None:
        level_floors = [level.min_score for level in assessment.bank.levels.all()]
    organization = assessment.organization
    profile = Profile(
        bank_slug=assessment.bank.slug,
        dimension_codes=tuple(dimension_scores),
        industry=organization.industry,
        size_band=organization.size_band,
        country=str(organization.country),
        organization_id=organization.pk,
        level_floors=tuple(sorted(level_floors)),
    )
    return compare(profile, assessment.result.score, dimension_scores)
