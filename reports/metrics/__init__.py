"""CX metrics (NPS, CSAT, CES) beside a result.

- ``values``: the metrics computed from raw response counts (pure) and how they are shown (``MetricValue``);
- ``panel``: the metrics entered for a submitted assessment, as the results page and the PDF show them;
- ``form``: the form that enters the counts (the write is ``assessments.services.cx_metrics_save``).

The counts are stored in ``assessments.models.CxMetrics``; the public sample's are ``reports.sample``'s.
"""

from .form import MetricsForm
from .panel import MetricsPanel, metrics_for, metrics_panel, stored_values
from .values import (
    COMPUTE,
    MetricValue,
    ces,
    csat,
    definitions,
    display,
    metric_value,
    metric_values,
    nps,
    round_half_up,
)

__all__ = [
    "COMPUTE",
    "MetricValue",
    "MetricsForm",
    "MetricsPanel",
    "ces",
    "csat",
    "definitions",
    "display",
    "metric_value",
    "metric_values",
    "metrics_for",
    "metrics_panel",
    "nps",
    "round_half_up",
    "stored_values",
]
