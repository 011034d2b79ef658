from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    Answer,
    Assessment,
    CxMetrics,
    Dimension,
    DimensionResult,
    MaturityLevel,
    Membership,
    Option,
    Organization,
    Participant,
    Question,
    QuestionBank,
    Recommendation,
    Result,
    User,
)


class FrozenBankMixin:
    """Content of a published or retired bank can be browsed but not changed: results depend on it."""

    def bank_of(self, obj):
        return obj.owning_bank() if obj is not None else None

    def has_change_permission(self, request, obj=None):
        bank = self.bank_of(obj)
        return super().has_change_permission(request, obj) and not (bank and bank.is_frozen)

    def has_delete_permission(self, request, obj=None):
        bank = self.bank_of(obj)
        return super().has_delete_permission(request, obj) and not (bank and bank.is_frozen)


class FrozenBankInline(FrozenBankMixin, admin.TabularInline):
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        bank = obj if isinstance(obj, QuestionBank) else self.bank_of(obj)
        return super().has_add_permission(request, obj) and not (bank and bank.is_frozen)

    def bank_of(self, obj):
        if isinstance(obj, QuestionBank):
            return obj
        return super().bank_of(obj)


class MaturityLevelInline(FrozenBankInline):
    model = MaturityLevel
    fields = ["level", "min_score", "name_en", "name_ja"]


class DimensionInline(FrozenBankInline):
    model = Dimension
    fields = ["order", "code", "weight", "name_en", "name_ja"]


@admin.register(QuestionBank)
class QuestionBankAdmin(FrozenBankMixin, admin.ModelAdmin):
    list_display = ["slug", "version", "status", "title_en", "title_ja", "created_at"]
    list_filter = ["status", "slug"]
    search_fields = ["slug", "title_en", "title_ja"]
    inlines = [MaturityLevelInline, DimensionInline]

    def bank_of(self, obj):
        return obj


class QuestionInline(FrozenBankInline):
    model = Question
    fields = ["order", "code", "type", "weight", "allow_na", "required", "text_en", "text_ja"]


class RecommendationInline(FrozenBankInline):
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


@admin.register(Dimension)
class DimensionAdmin(FrozenBankMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja", "weight", "order", "bank"]
    list_filter = ["bank"]
    search_fields = ["code", "name_en", "name_ja"]
    list_select_related = ["bank"]
    inlines = [QuestionInline, RecommendationInline]


class OptionInline(FrozenBankInline):
    model = Option
    fields = ["order", "code", "score", "label_en", "label_ja"]


@admin.register(Question)
class QuestionAdmin(FrozenBankMixin, admin.ModelAdmin):
    list_display = ["code", "type", "weight", "allow_na", "required", "dimension", "bank"]
    list_filter = ["bank", "type", "dimension__code"]
    search_fields = ["code", "text_en", "text_ja"]
    list_select_related = ["bank", "dimension"]
    inlines = [OptionInline]


@admin.register(Recommendation)
class RecommendationAdmin(FrozenBankMixin, admin.ModelAdmin):
    list_display = ["title_en", "dimension", "min_level", "max_level", "question", "effort", "impact"]
    list_filter = ["dimension__bank", "dimension__code", "effort", "impact"]
    search_fields = ["title_en", "title_ja", "body_en", "body_ja"]
    list_select_related = ["dimension", "question"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "size_band", "country", "is_demo", "created_at"]
    list_filter = ["is_demo", "industry", "size_band", "country"]
    search_fields = ["name", "public_id"]
    readonly_fields = ["public_id"]
    inlines = [MembershipInline]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["public_id", "user", "display_name"]
    readonly_fields = ["public_id"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["public_id", "organization", "bank", "mode", "status", "submitted_at"]
    list_filter = ["status", "mode", "bank", "organization__is_demo"]
    search_fields = ["public_id", "organization__name"]
    list_select_related = ["organization", "bank"]
    readonly_fields = ["public_id"]
    raw_id_fields = ["organization", "created_by"]
    inlines = [ParticipantInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["participant", "question", "not_applicable", "score", "updated_at"]
    list_select_related = ["participant", "question"]
    raw_id_fields = ["participant", "question"]
    filter_horizontal = ["options"]


class DimensionResultInline(admin.TabularInline):
    model = DimensionResult
    extra = 0
    can_delete = False
    fields = [
        "dimension",
        "score",
        "percent",
        "level",
        "target_level",
        "answered",
        "not_applicable",
        "questions",
    ]
    readonly_fields = ["dimension", "score", "percent", "level", "answered", "not_applicable", "questions"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["assessment", "score", "percent", "level", "computed_at"]
    list_select_related = ["assessment__organization", "assessment__bank"]
    readonly_fields = ["assessment", "score", "percent", "level", "computed_at"]
    inlines = [DimensionResultInline]

    def has_add_permission(self, request):
        return False


@admin.register(CxMetrics)
class CxMetricsAdmin(admin.ModelAdmin):
    list_display = ["assessment", "updated_at"]
    list_select_related = ["assessment__organization"]
    raw_id_fields = ["assessment"]
