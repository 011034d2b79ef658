"""The form that enters the CX metrics of a submitted assessment as raw response counts, one fieldset a
metric."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import CxMetrics
from assessments.models.metrics import METRIC_NAMES, SCALES, count_field_names

from .values import MetricValue, definitions, metric_value

# A generous ceiling that keeps every count inside a PositiveIntegerField on every database.
MAX_COUNT = 1_000_000_000

# The answers of a scale grouped as the metric counts them, for the eye.
BANDS = {
    "nps": [
        (gettext_lazy("Detractors (0–6)"), range(0, 7)),
        (gettext_lazy("Passives (7–8)"), range(7, 9)),
        (gettext_lazy("Promoters (9–10)"), range(9, 11)),
    ],
    "csat": [
        (gettext_lazy("Not satisfied (1–3)"), range(1, 4)),
        (gettext_lazy("Satisfied (4–5)"), range(4, 6)),
    ],
    "ces": [(gettext_lazy("Answers 1–7"), range(1, 8))],
}
SCALE_ENDS = {
    "nps": gettext_lazy("0 = not at all likely to recommend, 10 = extremely likely."),
    "csat": gettext_lazy("1 = very dissatisfied, 5 = very satisfied."),
    "ces": gettext_lazy("1 = strongly disagree, 7 = strongly agree."),
}


@dataclass
class Band:
    title: str
    fields: list  # bound fields, with ``answer`` set on each


@dataclass
class MetricFieldset:
    code: str
    name: str
    definition: str
    scale_ends: str
    bands: list[Band]
    current: MetricValue | None
    errors: list[str] = field(default_factory=list)


class MetricsForm(forms.Form):
    """One optional whole-number field per answer of each scale; a metric is given whole or not at all."""

    def __init__(self, *args, metrics: CxMetrics | None = None, **kwargs):
        self.metrics = metrics
        if metrics is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(metrics, name) for code in SCALES for name in count_field_names(code)},
            )
        super().__init__(*args, **kwargs)
        self.metric_errors: dict[str, list[str]] = {code: [] for code in SCALES}
        for code, answers in SCALES.items():
            for answer, name in zip(answers, count_field_names(code), strict=True):
                self.fields[name] = forms.IntegerField(
                    label=_("Number of responses answering %(answer)s") % {"answer": answer},
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    error_messages={
                        "invalid": _("Enter a whole number of responses, such as 12."),
                        "min_value": _("A number of responses cannot be negative."),
                        "max_value": _("Enter at most %(limit_value)s."),
                    },
                )
                self.fields[name].answer = answer

    def clean(self):
        cleaned = super().clean()
        for code in SCALES:
            names = count_field_names(code)
            if any(name in self.errors for name in names):
                continue
            values = [cleaned.get(name) for name in names]
            given = [value for value in values if value is not None]
            metric = METRIC_NAMES[code]
            if given and len(given) < len(values):
                self.metric_errors[code].append(
                    _(
                        "Some counts are empty. Fill in every count (0 where nobody gave that answer), or "
                        "empty them all to leave %(metric)s out."
                    )
                    % {"metric": metric}
                )
            elif given and not sum(given):
                self.metric_errors[code].append(
                    _("Every count is 0. Enter the responses, or empty every count to leave %(metric)s out.")
                    % {"metric": metric}
                )
        if any(self.metric_errors.values()):
            raise forms.ValidationError(_("Nothing was saved."), code="metrics")
        return cleaned

    def counts(self) -> dict[str, int | None]:
        """Every count column, once the form is valid."""
        return {name: self.cleaned_data[name] for code in SCALES for name in count_field_names(code)}

    def fieldsets(self) -> list[MetricFieldset]:
        stored = self.metrics
        texts = definitions()
        fieldsets = []
        for code in SCALES:
            counts = stored.counts(code) if stored is not None else None
            fieldset = MetricFieldset(
                code=code,
                name=str(METRIC_NAMES[code]),
                definition=texts[code],
                scale_ends=str(SCALE_ENDS[code]),
                bands=[
                    Band(str(title), [self[f"{code}_{answer}"] for answer in answers])
                    for title, answers in BANDS[code]
                ],
                current=None if counts is None else metric_value(code, counts),
            )
            for name in count_field_names(code):
                for error in self.errors.get(name, []):
                    fieldset.errors.append(
                        _("Answer %(answer)s: %(problem)s")
                        % {"answer": self.fields[name].answer, "problem": error}
                    )
            fieldset.errors.extend(self.metric_errors[code])
            fieldsets.append(fieldset)
        return fieldsets
