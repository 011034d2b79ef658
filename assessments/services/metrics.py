"""Writes of the CX metrics (NPS, CSAT, CES response counts) entered beside a submitted assessment."""

from collections.abc import Mapping

from django.db import transaction

from ..models import Assessment
from ..models.metrics import CxMetrics, count_field_names


def cx_metrics_save(*, assessment: Assessment, counts: Mapping[str, int | None]) -> CxMetrics:
    """Store the CX metrics of an assessment, replacing those entered before. ``counts`` has every count
    column (``nps_0`` … ``ces_7``), None throughout a metric that is left out."""
    CxMetrics(assessment=assessment, **counts).full_clean(validate_unique=False, validate_constraints=False)
    metrics, _created = CxMetrics.objects.update_or_create(assessment=assessment, defaults=counts)
    return metrics


def cx_metrics_clear(*, assessment: Assessment, code: str) -> None:
    """Empty one metric of an assessment ("nps", "csat" or "ces"); the others stay as they are."""
    with transaction.atomic():
        metrics = CxMetrics.objects.select_for_update().filter(assessment=assessment).first()
        if metrics is not None:
            for name in count_field_names(code):
                setattr(metrics, name, None)
            metrics.save()
