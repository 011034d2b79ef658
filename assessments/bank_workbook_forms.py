from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class BankUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx) or JSON file"),
        help_text=format_lazy(
            _("At most {mb} MB and {rows} rows a sheet; values only, no formulas."),
            mb=settings.CXM_BANK_WORKBOOK_MAX_BYTES // (1024 * 1024),
            rows=settings.CXM_BANK_WORKBOOK_MAX_ROWS,
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,.json,application/json,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
