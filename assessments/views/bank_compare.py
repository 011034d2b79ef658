"""Staff pages: the question banks with their versions, and what changed between two versions of a slug.

Any staff member may look (only bank editors change banks, in the admin). The comparison reads each version
through ``export_bank``, so its cost is fixed whatever the size of the bank.
"""

from itertools import groupby

from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cxmaturity.i18n import CONTENT_LANGUAGES, content_language

from ..admin_site import admin_required
from ..banks import export_bank
from ..banks.compare import compare_banks
from ..models import QuestionBank
from ..models.banks import VERSION_RE


class CompareForm(forms.Form):
    """The two versions, as ``?from=1.0&to=1.1``; a missing one takes its default."""

    def __init__(self, data, *, versions: list[QuestionBank]):
        super().__init__(data)
        choices = [(bank.version, f"{bank.version} ({bank.get_status_display()})") for bank in versions]
        for name, label in (("from", _("From version")), ("to", _("To version"))):
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                # Validators rather than max_length, which would put a maxlength attribute on the select
                validators=[
                    MaxLengthValidator(QuestionBank._meta.get_field("version").max_length),
                    RegexValidator(VERSION_RE, _("A version is numbers separated by dots, like 1.0.")),
                ],
                widget=forms.Select(choices=choices, attrs={"class": "form-select"}),
            )


def _versions(slug: str) -> list[QuestionBank]:
    """The slug's versions, newest first; 404 when it has none."""
    versions = sorted(QuestionBank.objects.filter(slug=slug), key=QuestionBank.version_key, reverse=True)
    if not versions:
        raise Http404
    return versions


@admin_required
@require_GET
def bank_index(request):
    banks = sorted(
        QuestionBank.objects.all(), key=lambda bank: (bank.slug, tuple(-n for n in bank.version_key()))
    )
    slugs = [
        {"slug": slug, "versions": list(versions)} for slug, versions in groupby(banks, key=lambda b: b.slug)
    ]
    context = {"slugs": slugs, "export_formats": ("csv", "xlsx")}  # the answers a job exports (reports.jobs)
    return render(request, "assessments/banks/index.html", context)


@admin_required
@require_GET
def bank_compare(request, slug: str):
    versions = _versions(slug)
    by_version = {bank.version: bank for bank in versions}
    default = {"from": versions[min(1, len(versions) - 1)].version, "to": versions[0].version}
    form = CompareForm({**default, **request.GET.dict()} if request.GET else default, versions=versions)
    if not form.is_valid():
        return render(
            request,
            "assessments/banks/compare.html",
            {"slug": slug, "form": form, "diff": None},
            status=400,
        )
    chosen = {name: form.cleaned_data[name] or default[name] for name in ("from", "to")}
    if any(version not in by_version for version in chosen.values()):
        raise Http404
    before, after = by_version[chosen["from"]], by_version[chosen["to"]]
    language = content_language()
    languages = (language, *(code for code in CONTENT_LANGUAGES if code != language))
    documents = {bank.version: export_bank(bank) for bank in {before, after}}
    diff = compare_banks(documents[before.version], documents[after.version], languages=languages)
    return render(
        request,
        "assessments/banks/compare.html",
        {"slug": slug, "form": form, "before": before, "after": after, "diff": diff, "languages": languages},
    )
