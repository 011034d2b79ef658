"""Question banks for bank editors' keys: every version, the ``cxmaturity.bank/1`` export of one, and the
import of a document as a new draft version."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from assessments.banks import BankImportError, export_bank, import_bank
from assessments.models import QuestionBank

from ..paging import Pages
from ..permissions import BanksKey, KeyAccess
from ..serializers import BankSerializer

BANKS = [KeyAccess, BanksKey]


def _refused(problems) -> serializers.ValidationError:
    return serializers.ValidationError(
        {"document": [{"path": problem.path, "message": problem.message} for problem in problems]}
    )


class BankList(generics.ListCreateAPIView):
    """Every version of every bank, by slug then version. POST imports a ``cxmaturity.bank/1`` document as a
    new draft version (its ``status`` must be ``draft``); it is published in the admin after review."""

    permission_classes = BANKS
    serializer_class = BankSerializer
    pagination_class = Pages
    queryset = QuestionBank.objects.order_by("slug", "created_at", "pk")

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: BankSerializer})
    def post(self, request):
        data = request.data
        if (
            isinstance(data, dict)
            and data.get("status", QuestionBank.Status.DRAFT) != QuestionBank.Status.DRAFT
        ):
            raise serializers.ValidationError({"status": [_("Only drafts are imported through the API.")]})
        try:
            bank = import_bank(data)
        except BankImportError as error:
            raise _refused(error.problems) from None
        return Response(BankSerializer(bank).data, status=201)


class BankDetail(generics.RetrieveAPIView):
    permission_classes = BANKS

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, description="The `cxmaturity.bank/1` document.")
    def get(self, request, slug: str, version: str):
        return Response(export_bank(get_object_or_404(QuestionBank, slug=slug, version=version)))
