"""Question banks as Excel workbooks, for staff: the template to fill in, any bank as a workbook, and the page
that imports a workbook (or a JSON file) as a new draft bank. The admin links here.

Every page needs a staff user; importing also needs the permission to add question banks.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..admin_site import admin_required
from ..bank_workbook_forms import BankUploadForm
from ..banks import BankImportError, export_bank
from ..banks.workbook import WorkbookProblems, document_to_workbook, import_bank_file, template_workbook
from ..models import QuestionBank

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin_required
@require_GET
def workbook_template(request):
    return _xlsx(template_workbook(), "cxmaturity-bank-template.xlsx")


@admin_required
@require_GET
def bank_workbook(request, slug: str, version: str):
    bank = get_object_or_404(QuestionBank, slug=slug, version=version)
    return _xlsx(document_to_workbook(export_bank(bank)), f"{bank.slug}-{bank.version}.xlsx")


@admin_required
@require_http_methods(["GET", "POST"])
def bank_import(request):
    """Upload a workbook or JSON file: a new draft bank, or every problem of the file and nothing saved."""
    if not request.user.has_perm("assessments.add_questionbank"):
        raise PermissionDenied
    form = BankUploadForm(request.POST, request.FILES) if request.method == "POST" else BankUploadForm()
    problems, from_workbook = [], True
    if form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte more than allowed, so that a larger file is refused without reading all of it.
        data = upload.read(settings.CXM_BANK_WORKBOOK_MAX_BYTES + 1)
        try:
            bank = import_bank_file(upload.name, data, status=QuestionBank.Status.DRAFT)
        except (WorkbookProblems, BankImportError) as error:
            problems, from_workbook = error.problems, isinstance(error, WorkbookProblems)
        else:
            messages.success(
                request, _("Imported %(bank)s as a draft: review it, then publish it.") % {"bank": bank}
            )
            return redirect(reverse("admin:assessments_questionbank_change", args=[bank.pk]))
    banks = sorted(QuestionBank.objects.all(), key=lambda bank: (bank.slug, bank.version_key()))
    return render(
        request,
        "assessments/banks/import.html",
        {"form": form, "problems": problems, "from_workbook": from_workbook, "banks": banks},
        status=422 if problems or form.errors else 200,
    )
