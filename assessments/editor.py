"""The question-bank editor, in the Django admin.

A bank's page lists its levels and dimensions, a dimension's its questions and recommendations, a question's
its options: each row links to its own page and each list to an add page with its parent filled in, and the
breadcrumbs lead back up to the bank. English and Japanese sit side by side. Published and retired versions
are read-only here, inlines and actions included; a bank's buttons publish it (once it validates), retire it,
start a new draft version, and preview a dimension as respondents see it (views/bank_editor.py).

Every staff member may view banks; changing one takes the permissions that the "bank editors" group grants
(migration 0011), and publishing or retiring its ``publish_questionbank`` permission. Superusers have all.
"""

import functools

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cxmaturity.i18n import CONTENT_LANGUAGES

from .models import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from .views import bank_editor

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


# The bank and its lists


class MaturityLevelInline(LinkedInline):
    model = MaturityLevel
    fields = ["level", "min_score", "name_en", "name_ja"]


class DimensionInline(LinkedInline):
    model = Dimension
    fields = [
        "order",
        "code",
        "weight",
        "name_en",
        "name_ja",
        "question_count",
        "recommendation_count",
        "preview",
    ]
    readonly_fields = ["question_count", "recommendation_count", "preview"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("bank")
            .annotate(questions_total=Count("questions", distinct=True))
            .annotate(recommendations_total=Count("recommendations", distinct=True))
        )

    @admin.display(description=_("questions"))
    def question_count(self, dimension):
        return getattr(dimension, "questions_total", "–")

    @admin.display(description=_("recommendations"))
    def recommendation_count(self, dimension):
        return getattr(dimension, "recommendations_total", "–")

    @admin.display(description=_("preview"))
    def preview(self, dimension):
        if not dimension.pk:
            return "–"
        return format_html(
            '<a href="{}">English</a> · <a href="{}" lang="ja">日本語</a>',
            preview_url(dimension.bank, dimension, "en"),
            preview_url(dimension.bank, dimension, "ja"),
        )


@admin.register(QuestionBank)
class QuestionBankAdmin(EditorAdmin):
    list_display = ["slug", "version", "status", "title_en", "title_ja", "published_at", "retired_at"]
    list_filter = ["status", "slug"]
    search_fields = ["slug", "version", "title_en", "title_ja"]
    fieldsets = [
        (
            None,
            {"fields": [("slug", "version"), ("title_en", "title_ja"), ("description_en", "description_ja")]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    ("status", "created_at"),
                    ("published_at", "published_by"),
                    ("retired_at", "retired_by"),
                ]
            },
        ),
    ]
    readonly_fields = ["status", "created_at", "published_at", "published_by", "retired_at", "retired_by"]
    inlines = [MaturityLevelInline, DimensionInline]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(functools.partial(function, model_admin=self))

        key = rf"(?P<key>\d+-(?:{'|'.join(CONTENT_LANGUAGES)}))"
        routes = [
            ("publish", r"^(?P<bank_id>\d+)/publish/$", bank_editor.publish),
            ("retire", r"^(?P<bank_id>\d+)/retire/$", bank_editor.retire),
            ("new_version", r"^(?P<bank_id>\d+)/new-version/$", bank_editor.new_version),
            ("preview_end", rf"^preview/{key}/$", bank_editor.preview_end),
            ("preview", rf"^preview/{key}/dimensions/(?P<code>[^/]+)/$", bank_editor.preview),
            ("preview_answer", rf"^preview/{key}/questions/(?P<code>[^/]+)/$", bank_editor.preview_answer),
        ]
        return [
            *(
                re_path(route, view(function), name=f"assessments_questionbank_{name}")
                for name, route, function in routes
            ),
            *super().get_urls(),
        ]

    def tools(self, request, bank) -> list[dict]:
        tools = self.preview_tools(bank, bank.dimensions.first())
        can_publish = request.user.has_perm("assessments.publish_questionbank")
        if can_publish and bank.status == DRAFT:
            tools.append(
                {
                    "label": gettext("Publish"),
                    "url": reverse("admin:assessments_questionbank_publish", args=[bank.pk]),
                }
            )
        if can_publish and bank.status == QuestionBank.Status.PUBLISHED:
            tools.append(
                {
                    "label": gettext("Retire"),
                    "url": reverse("admin:assessments_questionbank_retire", args=[bank.pk]),
                }
            )
        if request.user.has_perm("assessments.add_questionbank"):
            tools.append(
                {
                    "label": gettext("New draft version"),
                    "url": reverse("admin:assessments_questionbank_new_version", args=[bank.pk]),
                }
            )
        tools += [
            {"label": gettext("Compare versions"), "url": reverse("bank_compare", args=[bank.slug])},
            {
                "label": gettext("Download as Excel"),
                "url": reverse("bank_workbook", args=[bank.slug, bank.version]),
            },
        ]
        return tools


@admin.register(MaturityLevel)
class MaturityLevelAdmin(EditorAdmin):
    list_display = ["bank", "level", "min_score", "name_en", "name_ja"]
    list_filter = ["bank", "bank__status"]
    search_fields = ["name_en", "name_ja", "description_en", "description_ja"]
    list_select_related = ["bank"]
    fields = ["bank", ("level", "min_score"), ("name_en", "name_ja"), ("description_en", "description_ja")]


# A dimension and its lists


class QuestionForm(forms.ModelForm):
    """A question's bank is its dimension's: set here, and its code checked unique in that bank, since the
    form has no bank field for the database's constraint to be checked against."""

    def clean(self):
        cleaned = super().clean()
        dimension = cleaned.get("dimension") or (
            self.instance.dimension if self.instance.dimension_id else None
        )
        if dimension is not None:
            self.instance.bank_id = dimension.bank_id
            code = cleaned.get("code")
            others = Question.objects.filter(bank_id=dimension.bank_id, code=code).exclude(
                pk=self.instance.pk
            )
            if code and others.exists():
                self.add_error("code", gettext("The code “%(code)s” is used twice.") % {"code": code})
        return cleaned


class QuestionInline(LinkedInline):
    model = Question
    form = QuestionForm
    fields = ["order", "code", "type", "weight", "allow_na", "required", "text_en", "text_ja", "option_count"]
    readonly_fields = ["option_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(options_total=Count("options"))

    @admin.display(description=_("options"))
    def option_count(self, question):
        return getattr(question, "options_total", "–")


class RecommendationInline(LinkedInline):
    model = Recommendation
    fk_name = "dimension"
    fields = [
        "order",
        "min_level",
        "max_level",
        "question",
        "max_score",
        "effort",
        "impact",
        "title_en",
        "title_ja",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "question" in formset.form.base_fields:
            formset.form.base_fields["question"].queryset = obj.questions.all()
        return formset


@admin.register(Dimension)
class DimensionAdmin(EditorAdmin):
    list_display = ["code", "name_en", "name_ja", "weight", "order", "bank"]
    list_filter = ["bank", "bank__status"]
    search_fields = ["code", "name_en", "name_ja"]
    list_select_related = ["bank"]
    fields = [
        "bank",
        ("code", "order", "weight"),
        ("name_en", "name_ja"),
        ("description_en", "description_ja"),
    ]
    inlines = [QuestionInline, RecommendationInline]

    def tools(self, request, dimension) -> list[dict]:
        return self.preview_tools(dimension.bank, dimension)


# A question, its options, and the recommendations


class OptionInline(LinkedInline):
    model = Option
    fields = ["order", "code", "score", "label_en", "label_ja"]


@admin.register(Question)
class QuestionAdmin(EditorAdmin):
    form = QuestionForm
    list_display = ["code", "type", "weight", "allow_na", "required", "order", "dimension", "bank"]
    list_filter = ["bank", "bank__status", "dimension__code", "type"]
    search_fields = ["code", "text_en", "text_ja", "help_en", "help_ja"]
    list_select_related = ["bank", "dimension"]
    fields = [
        "dimension",
        ("code", "type"),
        ("weight", "order"),
        ("allow_na", "required"),
        ("text_en", "text_ja"),
        ("help_en", "help_ja"),
    ]

    inlines = [OptionInline]

    def tools(self, request, question) -> list[dict]:
        return self.preview_tools(question.bank, question.dimension, f"#q-{question.code}")


@admin.register(Option)
class OptionAdmin(EditorAdmin):
    list_display = ["question", "code", "score", "order", "label_en"]
    list_filter = ["question__bank", "question__bank__status", "question__type"]
    search_fields = ["question__code", "label_en", "label_ja"]
    list_select_related = ["question"]
    fields = ["question", ("code", "score", "order"), ("label_en", "label_ja")]


@admin.register(Recommendation)
class RecommendationAdmin(EditorAdmin):
    list_display = [
        "title_en",
        "dimension",
        "min_level",
        "max_level",
        "question",
        "effort",
        "impact",
        "order",
    ]
    list_filter = ["dimension__bank", "dimension__bank__status", "dimension__code", "effort", "impact"]
    search_fields = ["title_en", "title_ja", "body_en", "body_ja"]
    list_select_related = ["dimension", "question"]
    fields = [
        "dimension",
        ("min_level", "max_level", "order"),
        ("question", "max_score"),
        ("effort", "impact"),
        ("title_en", "title_ja"),
        ("body_en", "body_ja"),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "question" in form.base_fields:
            form.base_fields["question"].queryset = obj.dimension.questions.all()
        return form
