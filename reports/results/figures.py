"""A result's figures: its charts, drawn by ``reports.charts`` from the view model, and the rows of its peer
comparison."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .. import charts
from ..benchmarks import Benchmark, Stats
from .view_model import LevelInfo, ResultsView


def results_charts(
    results: ResultsView, benchmark: Benchmark | None = None, palette: charts.Palette = charts.BRAND
) -> dict[str, str]:
    """The radar and bar charts of a result, each in the wide and the compact (phone) layout, as SVG strings
    for the caller to mark safe, in the colours of ``palette``. With a benchmark the radar shows the peer
    median, and the peer chart comes too ("peers", "peers_compact")."""
    dimensions, levels = chart_dimensions(results, benchmark), chart_levels(results.levels)
    compact = {"layout": charts.COMPACT, "palette": palette}
    drawn = {
        "radar": charts.radar_chart(dimensions, levels, id_prefix="radar", palette=palette),
        "radar_compact": charts.radar_chart(dimensions, levels, id_prefix="radar-compact", **compact),
        "bars": charts.bar_chart(dimensions, levels, id_prefix="bars", palette=palette),
        "bars_compact": charts.bar_chart(dimensions, levels, id_prefix="bars-compact", **compact),
    }
    if benchmark is not None:
        rows = [
            charts.ChartPeerRow(
                code=row.code or "overall",
                label=row.name,
                score=row.score,
                p25=row.stats.p25 if row.stats else None,
                median=row.stats.median if row.stats else None,
                p75=row.stats.p75 if row.stats else None,
                n=row.stats.n if row.stats else 0,
                overall=not row.code,
            )
            for row in benchmark_rows(results, benchmark)
        ]
        drawn["peers"] = charts.peer_chart(rows, levels, id_prefix="peers", palette=palette)
        drawn["peers_compact"] = charts.peer_chart(rows, levels, id_prefix="peers-compact", **compact)
    return drawn


def chart_dimensions(results: ResultsView, benchmark: Benchmark | None = None) -> list[charts.ChartDimension]:
    peers = benchmark.dimensions if benchmark else {}
    return [
        charts.ChartDimension(
            code=dimension.code,
            label=dimension.name,
            score=dimension.score,
            target=dimension.target.min_score if dimension.target else None,
            peer_median=peers[dimension.code].median if peers.get(dimension.code) else None,
        )
        for dimension in results.dimensions
    ]


def chart_levels(levels: Iterable[LevelInfo]) -> list[charts.ChartLevel]:
    return [charts.ChartLevel(level.level, level.min_score) for level in levels]


# The peer comparison


@dataclass(frozen=True)
class BenchmarkRow:
    """One line of the peer comparison: the overall score (code "") or a dimension."""

    code: str
    name: str
    score: Decimal | None  # the organization's own
    stats: Stats | None  # None = too few peers with a score


def benchmark_rows(results: ResultsView, benchmark: Benchmark) -> tuple[BenchmarkRow, ...]:
    """The overall score, then every dimension in bank order, each with the peers' statistics."""
    return (
        BenchmarkRow(code="", name=_("Overall"), score=results.score, stats=benchmark.overall),
        *(
            BenchmarkRow(
                code=dimension.code,
                name=dimension.name,
                score=dimension.score,
                stats=benchmark.dimensions.get(dimension.code),
            )
            for dimension in results.dimensions
        ),
    )
