"""The organization's assessments: continue one, read results, start a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import is_consultant, membership_for, organization_for
from ..account_forms import OrganizationForm
from ..accounts import organization_create
from ..models import Assessment, QuestionBank
from ..services import assessment_continue_or_start


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request):
    welcome = request.session.pop("welcome", None)  # set by sign-up, shown on the first page after it
    if welcome:
        messages.success(
            request,
            _("Welcome to CX Maturity, %(name)s (%(organization)s).")
            % {"name": request.user.name, "organization": welcome},
        )
    if is_consultant(request.user):
        return redirect("consultancy_home")
    membership = membership_for(request.user)
    organization = membership.organization if membership else None
    if organization is None:
        # An account made outside sign-up (an admin, say) describes its organization first.
        form = OrganizationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            organization_create(by=request.user, **form.cleaned_data)
            return redirect("dashboard")
        return render(request, "assessments/organization_create.html", {"form": form})
    assessments = list(
        Assessment.objects.filter(organization=organization)
        .with_progress()
        .select_related("bank", "result")
        .order_by("-created_at")
    )
    return render(
        request,
        "assessments/dashboard.html",
        {
            "organization": organization,
            "is_owner": membership.role == membership.Role.OWNER,
            "in_progress": [a for a in assessments if a.is_open],
            "submitted": [a for a in assessments if not a.is_open],
            "bank": QuestionBank.objects.for_new_assessments(),
        },
    )


@login_required
@require_POST
def start(request):
    organization = organization_for(request.user)
    bank = QuestionBank.objects.for_new_assessments()
    if organization is None or bank is None:
        messages.error(request, _("No question bank is published yet, so no assessment can start."))
        return redirect("dashboard")
    try:
        assessment, new = assessment_continue_or_start(organization=organization, bank=bank, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard")
    if not new:
        messages.info(request, _("An assessment is already in progress: here it is, to continue."))
    return redirect("assessment_resume", public_id=assessment.public_id)
