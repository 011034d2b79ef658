"""The editor's pages: a bank, its levels, dimensions, questions, options and recommendations, each registered
with the admin."""

import functools

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cxmaturity.i18n import CONTENT_LANGUAGES

from ..models import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from ..views import bank_editor
from .parts import DRAFT, EditorAdmin, LinkedInline, preview_url

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
