"""The target level of each dimension (rule 9): the only part of a result that may change after submission."""

from collections.abc import Sequence

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import DimensionResult, Result

from .results import DimensionView

PREFIX = "target-"


def field_name(code: str) -> str:
    return f"{PREFIX}{code}"


class TargetForm(forms.Form):
    """One choice per dimension with a score: a level from the current one up to the top level."""

    def __init__(self, *args, dimensions: Sequence[DimensionView], **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = [dimension for dimension in dimensions if dimension.defined]
        for dimension in self.dimensions:
            self.fields[field_name(dimension.code)] = forms.TypedChoiceField(
                label=dimension.name,
                coerce=int,
                choices=[
                    (level.level, _("%(level)s — %(name)s") % {"level": level.level, "name": level.name})
                    for level in dimension.target_choices
                ],
                initial=dimension.target.level if dimension.target else None,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned = super().clean()
        known = set(self.fields)
        unknown = sorted(key for key in self.data if key.startswith(PREFIX) and key not in known)
        if unknown:
            raise forms.ValidationError(
                _("This result has no dimension %(codes)s that could take a target level.")
                % {"codes": ", ".join(key.removeprefix(PREFIX) for key in unknown)},
                code="unknown_dimension",
            )
        return cleaned

    def targets(self) -> dict[str, int]:
        """Dimension code -> target level, once the form is valid."""
        return {
            dimension.code: self.cleaned_data[field_name(dimension.code)] for dimension in self.dimensions
        }

    def save(self, result: Result) -> int:
        """Store the target levels on the result's dimensions; scores are left as they are. Returns how many
        changed."""
        targets = self.targets()
        with transaction.atomic():
            rows = list(
                DimensionResult.objects.select_for_update()
                .filter(result=result, dimension__code__in=targets)
                .select_related("dimension")
            )
            changed = [row for row in rows if row.target_level != targets[row.dimension.code]]
            for row in changed:
                row.target_level = targets[row.dimension.code]
            DimensionResult.objects.bulk_update(changed, ["target_level"])
        return len(changed)
