"""CX metrics entered beside a result: the raw response counts of NPS, CSAT and CES surveys.

One count column per answer of each scale (``nps_0`` … ``nps_10``, ``csat_1`` … ``csat_5``, ``ces_1`` …
``ces_7``) rather than one JSON column: the scales are fixed by definition, so columns cost nothing in
flexibility, and they let the database itself refuse a negative count or a half-entered metric through named
CHECK constraints (a JSON document would only be checked by Python), keep the admin and SQL plain, and need
no parsing to compute. A metric is absent when all its counts are null, present when all are given.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .assessments import Assessment

# The answers of each scale, in order: NPS 0–10 (likelihood to recommend), CSAT 1–5 (satisfaction),
# CES 1–7 (agreement that it was easy).
SCALES = {"nps": range(0, 11), "csat": range(1, 6), "ces": range(1, 8)}
METRIC_NAMES = {
    "nps": _("Net Promoter Score (NPS)"),
    "csat": _("Customer satisfaction (CSAT)"),
    "ces": _("Customer effort score (CES)"),
}


def count_field_names(code: str) -> list[str]:
    return [f"{code}_{answer}" for answer in SCALES[code]]


def count_fields(code: str) -> tuple[models.PositiveIntegerField, ...]:
    """The count columns of one metric, to unpack in the model body (``nps_0, …, nps_10 = …``)."""
    return tuple(
        models.PositiveIntegerField(format_lazy("{} · {}", code.upper(), answer), null=True, blank=True)
        for answer in SCALES[code]
    )


def metric_constraints(code: str) -> list[models.CheckConstraint]:
    names = count_field_names(code)
    absent = Q(**{f"{name}__isnull": True for name in names})
    present = Q(**{f"{name}__isnull": False for name in names})
    return [
        models.CheckConstraint(
            condition=absent | Q(**{f"{name}__gte": 0 for name in names}),
            name=f"cx_metrics_{code}_counts_non_negative",
        ),
        models.CheckConstraint(condition=absent | present, name=f"cx_metrics_{code}_all_or_none"),
    ]


class CxMetrics(models.Model):
    """The customer metrics of one assessment; they sit beside its maturity result and never change it."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="metrics")
    nps_0, nps_1, nps_2, nps_3, nps_4, nps_5, nps_6, nps_7, nps_8, nps_9, nps_10 = count_fields("nps")
    csat_1, csat_2, csat_3, csat_4, csat_5 = count_fields("csat")
    ces_1, ces_2, ces_3, ces_4, ces_5, ces_6, ces_7 = count_fields("ces")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CX metrics")
        verbose_name_plural = _("CX metrics")
        constraints = [constraint for code in SCALES for constraint in metric_constraints(code)]

    def __str__(self):
        return f"{self.assessment.public_id}: {', '.join(self.present()) or '—'}"

    def counts(self, code: str) -> list[int] | None:
        """The counts of one metric in scale order, or None when it is absent."""
        values = [getattr(self, name) for name in count_field_names(code)]
        return None if all(value is None for value in values) else values

    def present(self) -> list[str]:
        return [code for code in SCALES if self.counts(code) is not None]

    def clean(self):
        super().clean()
        errors = {}
        for code, name in METRIC_NAMES.items():
            values = [getattr(self, field) for field in count_field_names(code)]
            if any(value is not None and value < 0 for value in values):
                message, problem = _("%(metric)s: a count cannot be negative."), "negative"
            elif any(value is None for value in values) and any(value is not None for value in values):
                message, problem = _("%(metric)s: give every count, or none to leave it out."), "partial"
            else:
                continue
            errors[count_field_names(code)[0]] = ValidationError(
                message, code=problem, params={"metric": name}
            )
        if errors:
            raise ValidationError(errors)
