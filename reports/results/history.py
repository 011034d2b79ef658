"""The history of an organization: every submitted assessment with its scores, and the trend they draw."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from assessments.models import Assessment, DimensionResult, MaturityLevel, Organization

from .. import charts
from .figures import chart_levels
from .view_model import LevelInfo, level_infos, level_of


@dataclass(frozen=True)
class HistoryEntry:
    public_id: str
    date: datetime
    bank_title: str
    bank_slug: str
    bank_version: str
    score: Decimal | None
    percent: Decimal | None
    level: LevelInfo | None
    dimensions: Mapping[str, Decimal | None]  # score by dimension code


@dataclass(frozen=True)
class History:
    entries: tuple[HistoryEntry, ...]  # oldest first
    dimension_names: Mapping[str, str]  # code -> name, in the order of the latest bank
    levels: tuple[LevelInfo, ...]  # of the latest assessment's bank

    @property
    def newest_first(self) -> list[HistoryEntry]:
        return list(reversed(self.entries))

    @property
    def chart_entries(self) -> list[HistoryEntry]:
        """The assessments on the latest assessment's bank slug: the ones a trend compares."""
        if not self.entries:
            return []
        slug = self.entries[-1].bank_slug
        return [entry for entry in self.entries if entry.bank_slug == slug]

    def trend_svg(self, date_label, *, compact: bool = False) -> str:
        """The trend chart; ``date_label`` formats a date for its axis."""
        entries = self.chart_entries
        series = [
            charts.TrendSeries(
                "overall", _("Overall"), tuple(entry.score for entry in entries), overall=True
            ),
            *(
                charts.TrendSeries(code, name, tuple(entry.dimensions.get(code) for entry in entries))
                for code, name in self.dimension_names.items()
            ),
        ]
        return charts.trend_chart(
            [date_label(entry.date) for entry in entries],
            series,
            chart_levels(self.levels),
            id_prefix="trend-compact" if compact else "trend",
            layout=charts.COMPACT if compact else charts.WIDE,
        )


def organization_history(organization: Organization | None) -> History:
    """Every submitted assessment of the organization with its scores, in three queries."""
    if organization is None:
        return History(entries=(), dimension_names={}, levels=())
    assessments = list(
        Assessment.objects.with_result()
        .filter(organization=organization)
        .select_related("bank", "result")
        .prefetch_related(
            Prefetch(
                "result__dimensions",
                queryset=DimensionResult.objects.select_related("dimension").in_bank_order(),
            ),
            Prefetch("bank__levels", queryset=MaturityLevel.objects.order_by("level")),
        )
        .order_by("submitted_at", "pk")
    )
    entries = []
    for assessment in assessments:
        levels = level_infos(assessment.bank.levels.all())
        entries.append(
            HistoryEntry(
                public_id=assessment.public_id,
                date=assessment.submitted_at,
                bank_title=assessment.bank.title,
                bank_slug=assessment.bank.slug,
                bank_version=assessment.bank.version,
                score=assessment.result.score,
                percent=assessment.result.percent,
                level=level_of(levels, assessment.result.level),
                dimensions={row.dimension.code: row.score for row in assessment.result.dimensions.all()},
            )
        )
    if not assessments:
        return History(entries=(), dimension_names={}, levels=())
    latest = assessments[-1]
    return History(
        entries=tuple(entries),
        dimension_names={row.dimension.code: row.dimension.name for row in latest.result.dimensions.all()},
        levels=level_infos(latest.bank.levels.all()),
    )
