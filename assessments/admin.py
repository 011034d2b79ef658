from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import editor  # noqa: F401  (registers the question-bank editor)
from .models import (
    AgreedScore,
    Answer,
    Assessment,
    CxMetrics,
    DimensionResult,
    EarlierAnswer,
    Membership,
    Organization,
    Participant,
    Result,
    Revote,
    User,
    Workshop,
)

# The admin speaks of the product, not of the framework, in both languages.
admin.site.site_header = _("CX Maturity administration")
admin.site.site_title = _("CX Maturity administration")
admin.site.index_title = _("Question banks, organizations and results")


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


# Assessments and what they hold. A submitted assessment (a closed workshop too), its participants, answers,
# rounds, agreed scores and result never change: staff read them here, and no one adds or deletes them. An
# organization or a user whose deletion would take a submitted assessment with it cannot be deleted either:
# the admin asks each object's admin before a cascade.


class SubmittedReadOnlyMixin:
    """Nothing added here; nothing of a submitted assessment changed or deleted."""

    def assessment_of(self, obj):
        return obj

    def is_submitted(self, obj) -> bool:
        assessment = self.assessment_of(obj) if obj is not None else None
        return assessment is not None and not assessment.is_open

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_submitted(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_submitted(obj)


class ViewOnlyMixin:
    """Written by the product's own pages only (results, workshops' rounds and agreed scores)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParticipantInline(SubmittedReadOnlyMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["public_id", "user", "display_name", "department", "role"]
    readonly_fields = ["public_id"]
    raw_id_fields = ["user"]


@admin.register(Assessment)
class AssessmentAdmin(SubmittedReadOnlyMixin, admin.ModelAdmin):
    list_display = ["public_id", "organization", "bank", "mode", "status", "submitted_at"]
    list_filter = ["status", "mode", "bank", "organization__is_demo"]
    search_fields = ["public_id", "organization__name"]
    list_select_related = ["organization", "bank"]
    readonly_fields = ["public_id", "bank", "mode", "status", "submitted_at", "submitted_by"]
    raw_id_fields = ["organization", "created_by"]
    inlines = [ParticipantInline]


@admin.register(Answer)
class AnswerAdmin(SubmittedReadOnlyMixin, admin.ModelAdmin):
    list_display = ["participant", "question", "not_applicable", "score", "updated_at"]
    list_filter = ["participant__assessment__status", "question__bank"]
    list_select_related = ["participant", "question"]
    raw_id_fields = ["participant", "question"]
    filter_horizontal = ["options"]
    readonly_fields = ["participant", "question", "score"]

    def assessment_of(self, answer):
        return answer.participant.assessment


class DimensionResultInline(ViewOnlyMixin, admin.TabularInline):
    model = DimensionResult
    extra = 0
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


@admin.register(Result)
class ResultAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["assessment", "score", "percent", "level", "computed_at"]
    list_select_related = ["assessment__organization", "assessment__bank"]
    inlines = [DimensionResultInline]


class AgreedScoreInline(ViewOnlyMixin, admin.TabularInline):
    model = AgreedScore
    extra = 0


class RevoteInline(ViewOnlyMixin, admin.TabularInline):
    model = Revote
    extra = 0
    show_change_link = True


@admin.register(Workshop)
class WorkshopAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "date", "assessment", "anonymous", "created_at"]
    list_filter = ["assessment__status", "anonymous"]
    search_fields = ["title", "assessment__public_id", "assessment__organization__name"]
    list_select_related = ["assessment__organization"]
    exclude = ["revealed_question"]
    inlines = [AgreedScoreInline, RevoteInline]


class EarlierAnswerInline(ViewOnlyMixin, admin.TabularInline):
    model = EarlierAnswer
    extra = 0


@admin.register(Revote)
class RevoteAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["workshop", "question", "number", "started_at"]
    list_select_related = ["workshop", "question"]
    inlines = [EarlierAnswerInline]


@admin.register(CxMetrics)
class CxMetricsAdmin(admin.ModelAdmin):
    list_display = ["assessment", "updated_at"]
    list_select_related = ["assessment__organization"]
    raw_id_fields = ["assessment"]
