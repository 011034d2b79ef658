"""A consultancy's clients, their history and workshops: create one, follow its progress, close it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from assessments.models import Organization, Workshop
from assessments.services import workshop_close, workshop_start
from reports.workshops.facilitation import workshop_roster

from ..paging import Pages
from ..permissions import ConsultancyKey, KeyAccess
from ..serializers import (
    ClientSerializer,
    WorkshopCreateSerializer,
    WorkshopProgressSerializer,
    WorkshopSerializer,
)
from .assessments import HistoryList, django_validation

CONSULTANCY = [KeyAccess, ConsultancyKey]


def clients_of(request):
    return Organization.objects.filter(consultancy_id=request.auth.consultancy_id)


def client_of(request, public_id: str) -> Organization:
    return get_object_or_404(clients_of(request), public_id=public_id)


def workshops_of(request):
    return Workshop.objects.filter(
        assessment__organization__consultancy_id=request.auth.consultancy_id
    ).select_related("assessment__organization", "assessment__bank")


def workshop_of(request, public_id: str) -> Workshop:
    return get_object_or_404(workshops_of(request), assessment__public_id=public_id)


class ClientList(generics.ListAPIView):
    """The consultancy's client organizations, by name."""

    permission_classes = CONSULTANCY
    serializer_class = ClientSerializer
    pagination_class = Pages

    def get_queryset(self):
        return clients_of(self.request).order_by("name", "pk")


class ClientHistory(HistoryList):
    """A client's submitted results (workshops and any self-assessments) over time, oldest first."""

    permission_classes = CONSULTANCY

    def organization(self):
        return client_of(self.request, self.kwargs["id"])


class ClientWorkshops(generics.ListCreateAPIView):
    """A client's workshops, newest first; POST opens a new one (a read-write consultancy key)."""

    permission_classes = CONSULTANCY
    serializer_class = WorkshopSerializer
    pagination_class = Pages

    def get_queryset(self):
        client = client_of(self.request, self.kwargs["id"])
        return workshops_of(self.request).filter(assessment__organization=client).order_by("-date", "-pk")

    @extend_schema(request=WorkshopCreateSerializer, responses={201: WorkshopSerializer})
    def post(self, request, id: str):
        client = client_of(request, id)
        data = WorkshopCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            workshop = workshop_start(client=client, by=request.user, **data.validated_data)
        except DjangoValidationError as error:
            raise django_validation(error) from None
        return Response(
            WorkshopSerializer(workshop_of(request, workshop.assessment.public_id)).data, status=201
        )


@extend_schema(responses={200: WorkshopProgressSerializer})
@api_view(["GET"])
@permission_classes(CONSULTANCY)
def workshop_progress(request, id: str):
    """Who has joined and how many questions each has answered (names hidden in an anonymous workshop)."""
    workshop = workshop_of(request, id)
    roster = workshop_roster(workshop)
    return Response(
        WorkshopProgressSerializer(
            {
                "workshop": workshop.assessment.public_id,
                "status": workshop.assessment.status,
                "questions": roster.questions,
                "participants": roster.participants,
                "finished": roster.finished,
                "departments": dict(roster.departments),
            }
        ).data
    )


@extend_schema(request=None, responses={200: WorkshopSerializer})
@api_view(["POST"])
@permission_classes(CONSULTANCY)
def workshop_close_view(request, id: str):
    """Close the workshop: its result is computed (rule 8) and stored like a submission."""
    workshop = workshop_of(request, id)
    try:
        workshop_close(workshop=workshop, by=request.user)
    except DjangoValidationError as error:
        raise django_validation(error) from None
    return Response(WorkshopSerializer(workshop_of(request, id)).data, status=status.HTTP_200_OK)
