"""The customer metrics shown beside a result: those entered for a submitted assessment.

The views compute the panel and pass it to the template (``reports/includes/metrics.html``), which runs no
query; the public sample's panel is ``reports.sample.sample_metrics_panel``.
"""

from dataclasses import dataclass
from datetime import datetime

from assessments.models import Assessment, CxMetrics
from assessments.models.metrics import SCALES

from .values import MetricValue, metric_values


@dataclass(frozen=True)
class MetricsPanel:
    metrics: list[MetricValue]  # [] when nothing is entered
    updated_at: datetime | None = None


def metrics_panel(assessment: Assessment) -> MetricsPanel:
    """The metrics entered for an assessment and when they last changed: one query, none if fetched with
    ``select_related("metrics")``."""
    stored = _stored(assessment)
    metrics = stored_values(stored)
    return MetricsPanel(metrics, stored.updated_at if metrics else None)


def metrics_for(assessment: Assessment) -> list[MetricValue]:
    """The metrics entered for an assessment ([] when none): one query, none if fetched with
    ``select_related("metrics")``."""
    return stored_values(_stored(assessment))


def stored_values(metrics: CxMetrics | None) -> list[MetricValue]:
    if metrics is None:
        return []
    return metric_values({code: metrics.counts(code) for code in SCALES})


def _stored(assessment: Assessment) -> CxMetrics | None:
    try:
        return assessment.metrics
    except CxMetrics.DoesNotExist:
        return None
