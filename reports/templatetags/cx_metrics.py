"""``{% cx_metrics_for results as panel %}``: the CX metrics the results page shows beside the result."""

from dataclasses import dataclass
from datetime import datetime

from django import template

from assessments.models import CxMetrics

from ..metrics import MetricValue, sample_metrics, stored_values

register = template.Library()


@dataclass(frozen=True)
class MetricsPanel:
    metrics: list[MetricValue]  # [] when nothing is entered
    updated_at: datetime | None = None


@register.simple_tag
def cx_metrics_for(results) -> MetricsPanel:
    """The metrics of the assessment a ``ResultsView`` shows (one query), or the fixed sample (no query)."""
    if results is None:
        return MetricsPanel([])
    if results.is_sample:
        return MetricsPanel(sample_metrics())
    if not results.public_id:
        return MetricsPanel([])
    stored = CxMetrics.objects.filter(assessment__public_id=results.public_id).first()
    metrics = stored_values(stored)
    return MetricsPanel(metrics, stored.updated_at if metrics else None)
