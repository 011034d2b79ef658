"""What the API sends and accepts. The result and bank documents are the interchange formats
(``cxmaturity.result/1``, ``cxmaturity.bank/1``), made by ``reports.exports`` and
``assessments.banks.interchange``; these serializers describe the rest."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Assessment, Organization, QuestionBank, Workshop


class BankRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    version = serializers.CharField()


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id")
    name = serializers.CharField()


class AssessmentSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    bank = BankRefSerializer(read_only=True)
    answered = serializers.IntegerField(source="answered_count", read_only=True)
    questions = serializers.IntegerField(source="question_count", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organization",
            "bank",
            "mode",
            "status",
            "created_at",
            "submitted_at",
            "answered",
            "questions",
        ]


class AssessmentStartSerializer(serializers.Serializer):
    bank = serializers.SlugField(
        required=False, help_text="The bank's slug; by default the bank new assessments use (cx-maturity)."
    )
    version = serializers.CharField(
        required=False, help_text="A published version of the bank; by default its latest published version."
    )

    def validate(self, data):
        if "bank" not in data:
            bank = QuestionBank.objects.for_new_assessments()
        elif "version" in data:
            bank = QuestionBank.objects.published().filter(slug=data["bank"], version=data["version"]).first()
        else:
            bank = QuestionBank.objects.latest_version(data["bank"])
        if bank is None:
            raise serializers.ValidationError({"bank": [_("There is no such published question bank.")]})
        return {"bank": bank}


class AnswerSerializer(serializers.Serializer):
    """An answer as the result document lists it (``reports.exports.answer_document``)."""

    participant = serializers.CharField()
    question = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField(allow_null=True)
    not_applicable = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True)


class ScoreSerializer(serializers.Serializer):
    score = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    assessment = serializers.CharField(source="public_id")
    submitted_at = serializers.DateTimeField(source="date")
    bank = serializers.SerializerMethodField()
    overall = serializers.SerializerMethodField()
    dimensions = serializers.DictField(child=serializers.FloatField(allow_null=True))

    def get_bank(self, entry) -> dict:
        return BankRefSerializer({"slug": entry.bank_slug, "version": entry.bank_version}).data

    def get_overall(self, entry) -> dict:
        return ScoreSerializer(
            {
                "score": entry.score,
                "percent": entry.percent,
                "level": entry.level.level if entry.level else None,
            }
        ).data


class ClientSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "industry", "size_band", "country", "created_at"]


class WorkshopSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="assessment.public_id", read_only=True)
    status = serializers.CharField(source="assessment.status", read_only=True)
    bank = BankRefSerializer(source="assessment.bank", read_only=True)
    client = OrganizationRefSerializer(source="assessment.organization", read_only=True)
    join_code = serializers.CharField(read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id",
            "title",
            "date",
            "anonymous",
            "ends_at",
            "status",
            "bank",
            "client",
            "join_code",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class WorkshopCreateSerializer(AssessmentStartSerializer, serializers.Serializer):
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    anonymous = serializers.BooleanField(default=False)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, data):
        data = {**data, **super().validate(data)}
        data.pop("version", None)
        return data


class ParticipantProgressSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_blank=True)
    role = serializers.CharField(allow_blank=True)
    answered = serializers.IntegerField()


class WorkshopProgressSerializer(serializers.Serializer):
    workshop = serializers.CharField()
    status = serializers.CharField()
    questions = serializers.IntegerField()
    participants = ParticipantProgressSerializer(many=True)
    finished = serializers.IntegerField()
    departments = serializers.DictField(
        child=serializers.IntegerField(), help_text="In an anonymous workshop: participants by department."
    )


class BankSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionBank
        fields = ["slug", "version", "status"]


class BankProblemSerializer(serializers.Serializer):
    path = serializers.CharField()
    message = serializers.CharField()
