"""The editor's parts: links between a bank's pages (parents, add pages, breadcrumbs), the mixin that makes
published and retired versions read-only, linked inlines, and the admin every editor page extends."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext

from ..models import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from ..views import bank_editor

# The attribute that leads from each kind of content to the object whose page lists it.
PARENT = {
    MaturityLevel: "bank",
    Dimension: "bank",
    Question: "dimension",
    Option: "question",
    Recommendation: "dimension",
}
DRAFT = QuestionBank.Status.DRAFT
# Parents that new content may be attached to: those of draft banks only.
DRAFT_PARENTS = {
    "bank": lambda: QuestionBank.objects.filter(status=DRAFT),
    "dimension": lambda: Dimension.objects.filter(bank__status=DRAFT).select_related("bank"),
    "question": lambda: Question.objects.filter(bank__status=DRAFT).select_related("bank"),
}


def change_url(obj) -> str:
    return reverse(f"admin:assessments_{obj._meta.model_name}_change", args=[obj.pk])


def add_url(model, **parent) -> str:
    return reverse(f"admin:assessments_{model._meta.model_name}_add") + "?" + urlencode(parent)


def described(obj) -> str:
    """ "Question strategy.vision": an object named with its kind, for breadcrumbs and problem lists."""
    return f"{capfirst(obj._meta.verbose_name)} {obj}"


def trail(obj) -> list[dict]:
    """The pages above an object's, from its bank down to its parent."""
    parent = getattr(obj, PARENT[type(obj)], None) if type(obj) in PARENT else None
    if parent is None:
        return []
    return [*trail(parent), {"label": described(parent), "url": change_url(parent)}]


def bank_of(obj) -> QuestionBank | None:
    if obj is None:
        return None
    return obj if isinstance(obj, QuestionBank) else obj.owning_bank()


def preview_url(bank: QuestionBank, dimension: Dimension, language: str) -> str:
    return reverse("admin:assessments_questionbank_preview", args=[f"{bank.pk}-{language}", dimension.code])


class BankAdminMixin:
    """Any staff member views; changes take the model's permissions and a draft bank."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        bank = bank_of(obj)
        return super().has_change_permission(request, obj) and not (bank and bank.is_frozen)

    def has_delete_permission(self, request, obj=None):
        bank = bank_of(obj)
        return super().has_delete_permission(request, obj) and not (bank and bank.is_frozen)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in DRAFT_PARENTS:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        kwargs["queryset"] = DRAFT_PARENTS[db_field.name]()
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label = capfirst(db_field.related_model._meta.verbose_name)
        if db_field.name != "bank":  # the same code may be in several drafts: name the bank too
            field.label_from_instance = lambda obj: f"{obj.owning_bank()} · {obj}"
        return field


class LinkedInline(BankAdminMixin, admin.TabularInline):
    """Rows that link to their own page, and a link to add one on its own page with the parent filled in."""

    extra = 0
    show_change_link = True
    template = "admin/assessments/edit_inline/linked_tabular.html"
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
        models.DecimalField: {
            "widget": forms.NumberInput(attrs={"class": "bank-editor-short", "step": "any"})
        },
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "bank-editor-short"})},
        models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"class": "bank-editor-short"})},
    }

    class Media:
        css = {"all": ["css/bank-editor.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "code":
            field.widget.attrs["class"] = "bank-editor-code"
        return field

    def has_add_permission(self, request, obj=None):  # obj: the parent
        bank = bank_of(obj)
        return super().has_add_permission(request, obj) and not (bank and bank.is_frozen)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.add_page_url = None
        if obj is not None and obj.pk and self.has_add_permission(request, obj):
            formset.add_page_url = add_url(self.model, **{formset.fk.name: obj.pk})
        return formset


class EditorAdmin(BankAdminMixin, admin.ModelAdmin):
    """A page of the editor: breadcrumbs from the bank down, the bank's state, and its buttons."""

    change_form_template = "admin/assessments/bank_change_form.html"
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 48})}}

    class Media:
        css = {"all": ["css/bank-editor.css"]}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        above = obj
        if obj is None:  # an add page: its parent comes from the link that opened it
            name = PARENT.get(self.model)
            parent_id = context["adminform"].form.initial.get(name) if name else None
            field = self.model._meta.get_field(name) if name else None
            above = field.related_model.objects.filter(pk=parent_id).first() if parent_id else None
            crumbs = trail(above) + ([{"label": described(above), "url": change_url(above)}] if above else [])
        else:
            crumbs = trail(obj)
        bank = bank_of(above)
        context.update(bank_trail=crumbs, bank=bank, bank_tools=self.tools(request, obj) if obj else [])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def tools(self, request, obj) -> list[dict]:
        return []

    def preview_tools(self, bank: QuestionBank, dimension: Dimension | None, anchor: str = "") -> list[dict]:
        if dimension is None:
            return []
        return [
            {
                "label": gettext("Preview (%(language)s)") % {"language": name},
                "url": preview_url(bank, dimension, code) + anchor,
            }
            for code, name in bank_editor.LANGUAGE_NAMES.items()
        ]
