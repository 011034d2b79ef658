"""An organization's (or a consultancy's clients') assessments: list, start, detail, result, benchmark,
answers; and the organization's history of results."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from assessments.models import Answer, Assessment, Option
from assessments.services import assessment_start
from reports.exports import answer_document, assessment_benchmark, result_document, submitted_assessments
from reports.results.history import organization_history

from ..paging import Pages
from ..permissions import AssessmentsKey, KeyAccess, OrganizationKey
from ..serializers import (
    AnswerSerializer,
    AssessmentSerializer,
    AssessmentStartSerializer,
    HistoryEntrySerializer,
)

ASSESSMENTS = [KeyAccess, AssessmentsKey]


def assessments_of(request):
    return (
        Assessment.objects.for_api_key(request.auth)
        .with_progress()
        .select_related("organization", "bank")
        .order_by("-created_at", "-pk")
    )


def submitted_of(request, public_id: str) -> Assessment:
    """The key's submitted assessment with everything its result document reads; 404 otherwise."""
    return get_object_or_404(submitted_assessments().for_api_key(request.auth), public_id=public_id)


def django_validation(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({"non_field_errors": error.messages})


class AssessmentList(generics.ListCreateAPIView):
    """The assessments of the key's organization (or of its consultancy's clients), newest first. POST starts
    a self-assessment for the key's organization (a read-write organization key)."""

    permission_classes = ASSESSMENTS
    serializer_class = AssessmentSerializer
    pagination_class = Pages

    def get_queryset(self):
        return assessments_of(self.request)

    def get_permissions(self):
        starting = [OrganizationKey()] if self.request.method == "POST" else []
        return [*super().get_permissions(), *starting]

    @extend_schema(request=AssessmentStartSerializer, responses={201: AssessmentSerializer})
    def post(self, request):
        start = AssessmentStartSerializer(data=request.data)
        start.is_valid(raise_exception=True)
        try:
            assessment = assessment_start(
                organization=request.auth.organization, bank=start.validated_data["bank"], by=request.user
            )
        except DjangoValidationError as error:
            raise django_validation(error) from None
        return Response(
            AssessmentSerializer(assessments_of(request).get(pk=assessment.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AssessmentDetail(generics.RetrieveAPIView):
    permission_classes = ASSESSMENTS
    serializer_class = AssessmentSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return assessments_of(self.request)


@extend_schema(
    responses={200: OpenApiTypes.OBJECT},
    description="The `cxmaturity.result/1` document of a submitted assessment (404 while in progress).",
)
@api_view(["GET"])
@permission_classes(ASSESSMENTS)
def result(request, id: str):
    return Response(result_document(submitted_of(request, id)))


@extend_schema(
    responses={200: OpenApiTypes.OBJECT},
    description="The `benchmark` block of the result document, and `benchmark_reason` when there is no "
    "comparison: today's peers of a submitted assessment.",
)
@api_view(["GET"])
@permission_classes(ASSESSMENTS)
def benchmark(request, id: str):
    return Response(assessment_benchmark(submitted_of(request, id)))


class AnswerList(generics.ListAPIView):
    """The answers of an assessment, submitted or in progress, in the shape of the result document's (in a
    workshop, each participant's latest round)."""

    permission_classes = ASSESSMENTS
    serializer_class = AnswerSerializer
    pagination_class = Pages

    def get_queryset(self):
        assessment = get_object_or_404(
            Assessment.objects.for_api_key(self.request.auth), public_id=self.kwargs["id"]
        )
        return (
            Answer.objects.filter(participant__assessment=assessment)
            .select_related("participant", "question__dimension")
            .prefetch_related(Prefetch("options", queryset=Option.objects.in_bank_order()))
            .order_by(
                "participant__created_at",
                "participant_id",
                "question__dimension__order",
                "question__order",
                "pk",
            )
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [answer_document(answer.participant, answer.question.code, answer) for answer in page]
        )


class HistoryList(generics.ListAPIView):
    """The organization's submitted results over time, oldest first: overall and per-dimension scores."""

    permission_classes = [KeyAccess, OrganizationKey]
    serializer_class = HistoryEntrySerializer
    pagination_class = Pages

    def organization(self):
        return self.request.auth.organization

    def get_queryset(self):
        return list(organization_history(self.organization()).entries)
