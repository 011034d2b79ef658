"""The bank editor's own pages in the admin (routed by ``QuestionBankAdmin.get_urls``): publish a draft once
it validates, retire a published version, start a new draft version, and preview a dimension exactly as a
respondent sees it, in either language.

Publishing refused lists every problem, each linked to the page (and field) of the object that must change.
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from ..banks import Problem
from ..models import QuestionBank
from ..services import (
    BankNotPublishable,
    DimensionProgress,
    DraftExists,
    bank_new_draft,
    bank_problems,
    bank_publish,
    bank_retire,
)
from .questionnaire import page_context
from .respondents import PAGE, QuestionnaireUrls, QuestionState

ACTION = "admin/assessments/questionbank/action.html"
PREVIEW = "assessments/banks/preview.html"
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}  # each in its own language, as language switches show them
COLLECTIONS = {"levels", "dimensions", "questions", "options", "recommendations"}


def _change_url(obj) -> str:
    return reverse(f"admin:assessments_{obj._meta.model_name}_change", args=[obj.pk])


def _bank(bank_id: int, model_admin, request) -> QuestionBank:
    bank = get_object_or_404(QuestionBank, pk=bank_id)
    if not model_admin.has_view_permission(request, bank):
        raise PermissionDenied
    return bank


def _page(request, model_admin, bank: QuestionBank, title: str, status: int = 200, **context):
    """One of the editor's pages about a bank, in the admin's frame."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": QuestionBank._meta,
        "bank": bank,
        "title": title,
        **context,
    }
    return TemplateResponse(request, ACTION, context, status=status)


# Publishing: the problems, each linked to what must change


@dataclass(frozen=True)
class LinkedProblem:
    problem: Problem
    target: str  # "Question strategy.vision"
    field: str  # "text (ja)", or "" for the object as a whole
    url: str


def _children(obj, collection: str) -> list:
    if collection == "levels":
        return list(obj.levels.all())
    return list(getattr(obj, collection).all())


def _target(bank: QuestionBank, dimensions: list, path: str) -> tuple[object, str, str]:
    """The object a document path points into, the model field, and the anchor on its admin page."""
    obj, collection, field = bank, None, ""
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        if index and collection:
            items = dimensions if collection == "dimensions" else _children(obj, collection)
            if int(index) >= len(items):
                break
            obj, collection = items[int(index)], None
        elif name in COLLECTIONS and not field:
            collection = name
        elif name:
            field = f"{field}_{name}" if field else name
    if collection:  # a whole list: the parent's inline of it
        return obj, "", f"#{collection}-group"
    return obj, field, f"#id_{field}" if field else ""


def linked_problems(bank: QuestionBank, problems: list[Problem]) -> list[LinkedProblem]:
    # The same order as export_bank's document, whose paths the problems carry.
    dimensions = list(bank.dimensions.prefetch_related("questions__options", "recommendations"))
    linked = []
    for problem in problems:
        obj, field, anchor = _target(bank, dimensions, problem.path)
        try:
            label = obj._meta.get_field(field).verbose_name if field else ""
        except Exception:  # a path into no field of the model (the document's format, say)
            label, anchor = field, ""
        name = f"{obj._meta.verbose_name} {obj}"
        linked.append(
            LinkedProblem(problem, name[:1].upper() + name[1:], str(label), _change_url(obj) + anchor)
        )
    return linked


def publish(request, bank_id: int, *, model_admin):
    bank = _bank(bank_id, model_admin, request)
    if not request.user.has_perm("assessments.publish_questionbank"):
        raise PermissionDenied
    if bank.status != QuestionBank.Status.DRAFT:
        messages.error(request, _("Only a draft can be published; %(bank)s is %(status)s.") % _status(bank))
        return redirect(_change_url(bank))
    status = 200
    if request.method == "POST":
        try:
            bank_publish(bank=bank, by=request.user)
        except BankNotPublishable as refused:
            problems, status = refused.problems, 422
        else:
            messages.success(request, _("%(bank)s is published: new assessments use it.") % {"bank": bank})
            return redirect(_change_url(bank))
    else:
        problems = bank_problems(bank)
    return _page(
        request,
        model_admin,
        bank,
        _("Publish %(bank)s") % {"bank": bank},
        status,
        action="publish",
        problems=linked_problems(bank, problems),
    )


def _status(bank: QuestionBank) -> dict:
    return {"bank": bank, "status": bank.get_status_display()}


def retire(request, bank_id: int, *, model_admin):
    bank = _bank(bank_id, model_admin, request)
    if not request.user.has_perm("assessments.publish_questionbank"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            bank_retire(bank=bank, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(bank)s is retired: new assessments no longer use it; those that did keep it.")
                % {"bank": bank},
            )
        return redirect(_change_url(bank))
    if bank.status != QuestionBank.Status.PUBLISHED:
        messages.error(
            request, _("Only a published version can be retired; %(bank)s is %(status)s.") % _status(bank)
        )
        return redirect(_change_url(bank))
    return _page(
        request,
        model_admin,
        bank,
        _("Retire %(bank)s") % {"bank": bank},
        action="retire",
        assessments=bank.assessments.count(),
        other_versions=QuestionBank.objects.published().filter(slug=bank.slug).exclude(pk=bank.pk),
    )


def new_version(request, bank_id: int, *, model_admin):
    bank = _bank(bank_id, model_admin, request)
    if not request.user.has_perm("assessments.add_questionbank"):
        raise PermissionDenied
    latest = QuestionBank.objects.latest_version(bank.slug, published=False)
    draft = QuestionBank.objects.filter(slug=bank.slug, status=QuestionBank.Status.DRAFT).first()
    if request.method == "POST" or draft is not None:
        try:
            created = bank_new_draft(slug=bank.slug)
        except DraftExists as exists:
            messages.error(request, _draft_exists(exists.draft))
            return redirect(_change_url(exists.draft))
        messages.success(
            request,
            _("%(draft)s is a new draft, copied from %(latest)s. Edit it, then publish it.")
            % {"draft": created, "latest": latest},
        )
        return redirect(_change_url(created))
    return _page(
        request,
        model_admin,
        bank,
        _("New draft version of %(slug)s") % {"slug": bank.slug},
        action="new_version",
        latest=latest,
        next_version=latest.next_version(),
    )


def _draft_exists(draft: QuestionBank):
    return format_html(
        _('{slug} already has a draft, version {version}: edit <a href="{url}">that draft</a> instead.'),
        slug=draft.slug,
        version=draft.version,
        url=_change_url(draft),
    )


# Preview: the questionnaire's dimension page with the bank's content, answering nothing


def _preview_key(key: str) -> tuple[QuestionBank, str]:
    bank_id, language = key.split("-")
    return get_object_or_404(QuestionBank, pk=bank_id), language


def preview(request, key: str, code: str, *, model_admin):
    bank, language = _preview_key(key)
    if not model_admin.has_view_permission(request, bank):
        raise PermissionDenied
    dimensions = list(bank.dimensions.annotate(total=Count("questions")).in_bank_order())
    position = next((i for i, dimension in enumerate(dimensions) if dimension.code == code), None)
    if position is None:
        raise Http404
    previous = dimensions[position - 1] if position > 0 else None
    following = dimensions[position + 1] if position + 1 < len(dimensions) else None
    urls = QuestionnaireUrls(
        key,
        dimension="admin:assessments_questionbank_preview",
        answer="admin:assessments_questionbank_preview_answer",
        review="admin:assessments_questionbank_preview_end",
        review_label=gettext_lazy("Back to the editor"),
    )
    if request.method == "POST":  # the page's buttons: go on through the preview, save nothing
        if request.POST.get("go") == "previous" and previous is not None:
            return redirect(urls.dimension, key, previous.code)
        if following is not None:
            return redirect(urls.dimension, key, following.code)
        return redirect(urls.review, key)
    dimension = dimensions[position]
    questions = dimension.questions.prefetch_related("options")
    states = [QuestionState.of(question, number, None) for number, question in enumerate(questions, 1)]
    progress = [DimensionProgress(step, 0, step.total, number) for number, step in enumerate(dimensions, 1)]
    context = {
        "bank": bank,
        **page_context(urls, progress, position, states),
        "language": language,
        "languages": [
            (code, name, reverse(urls.dimension, args=[f"{bank.pk}-{code}", dimension.code]))
            for code, name in LANGUAGE_NAMES.items()
        ],
        "editor_url": _change_url(dimension),
    }
    with override(language):
        return render(request, PREVIEW, context)


def preview_answer(request, key: str, code: str, *, model_admin):
    """An answer clicked in the preview: saved nowhere, and the question says so."""
    with override(key.split("-")[1]):
        state = QuestionState(None, error=_("Preview: answers are not saved."))
        return render(request, f"{PAGE}#status", {"state": state})


def preview_end(request, key: str, *, model_admin):
    """Where the preview's last step leads: back to the bank's page in the editor."""
    bank, _language = _preview_key(key)
    return redirect(_change_url(bank))
