"""The world that the authorization matrix (tests/test_authorization_matrix.py) and the fuzz test
(tests/test_fuzz.py) walk: every URL pattern of the URL conf, one user per role, and the objects whose ids
the routes take.

The world is built once per test module inside a transaction that is rolled back at the end (like
``setUpTestData``); each test runs in its own savepoint, so a POST that closes a workshop or removes a member
changes nothing for the next test."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.accounts import email_verification_token, invitation_create
from assessments.banks import import_bank
from assessments.models import Membership
from assessments.services import (
    api_key_create,
    assessment_start,
    assessment_submit,
    evidence_add,
    participant_join,
    workshop_close,
    workshop_start,
)
from reports.models import Job
from tests.documents import bank_document
from tests.evidence_files import image, upload
from tests.factories import (
    ClientFactory,
    ConsultantFactory,
    MembershipFactory,
    UserFactory,
    answer_all,
    at_level,
    fetched,
    submit,
)
from tests.workshops import answer

# Who asks: nobody, a member of another organization (its owner), a member and an owner of the organization
# whose objects the routes name, a consultant of another consultancy, a consultant of the consultancy whose
# client runs the workshops, a workshop participant (no account: the session holds them), a staff member and a
# staff member in the "bank editors" group.
ROLES = (
    "anonymous",
    "outsider",
    "member",
    "owner",
    "other_consultant",
    "consultant",
    "participant",
    "staff",
    "bank_editor",
)


@dataclass(frozen=True)
class RoutePattern:
    key: str  # the route's name (namespaced: "admin:index"), or its pattern if it has none
    pattern: str  # the whole pattern, from the root of the URL conf
    methods: str = ""


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """Every pattern of the URL conf, included ones (i18n, the admin) too."""
    for item in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace and item.namespace else item.namespace
            yield from url_patterns(item.url_patterns, prefix + str(item.pattern), inner or namespace)
        elif isinstance(item, URLPattern):
            pattern = prefix + str(item.pattern)
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name
            yield RoutePattern(key=name or pattern, pattern=pattern)


@dataclass
class World:
    bank: object
    organization: object
    member: object  # the Membership of the member (role "member")
    owner: object
    outsider: object
    draft: object  # the organization's assessment in progress
    submitted: object
    outsiders_submitted: object  # an assessment of the outsider's organization (someone else's id)
    invitation: object
    consultant: object
    other_consultant: object
    client: object  # the consultant's client organization
    workshop: object  # open, with the participant in it
    closed_workshop: object  # closed, its summary shared
    participant: object
    closed_participant: object
    staff: object
    bank_editor: object
    verification_token: str
    reset_uid: str
    reset_token: str
    job: object  # the consultancy's finished ZIP of its client's reports
    evidence: object  # a file attached to an answer of the organization's assessment in progress
    api_key: object  # the organization's, made by its owner

    def user(self, role: str):
        return {
            "anonymous": None,
            "participant": None,
            "outsider": self.outsider.user,
            "member": self.member.user,
            "owner": self.owner.user,
            "other_consultant": self.other_consultant.user,
            "consultant": self.consultant.user,
            "staff": self.staff,
            "bank_editor": self.bank_editor,
        }[role]

    def client_for(self, role: str) -> Client:
        client = Client(headers={"accept-language": "en"})
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        if role == "participant":
            # As the participant's browser: the resume links put both workshops into its session.
            for participant in (self.participant, self.closed_participant):
                client.get(reverse("workshop_resume", args=[participant.resume_token]))
        return client


def build_world() -> World:
    bank = import_bank(bank_document())
    owner = MembershipFactory(role=Membership.Role.OWNER)
    organization = owner.organization
    member = MembershipFactory(organization=organization, role=Membership.Role.MEMBER)
    outsider = MembershipFactory(role=Membership.Role.OWNER)
    draft = assessment_start(organization=organization, bank=bank, by=owner.user)
    submitted = assessment_start(organization=organization, bank=bank, by=member.user)
    answer_all(submitted.participants.get(), bank)
    assessment_submit(assessment=submitted, by=member.user)
    consultant = ConsultantFactory()
    client = ClientFactory(consultancy=consultant.consultancy)
    workshop = workshop_start(
        client=client, bank=bank, title="Kick-off", date=date(2026, 12, 1), by=consultant.user
    )
    participant = participant_join(workshop=workshop, display_name="Aiko", department="Sales")
    answer(participant, bank, "strategy.vision", "3")
    closed_workshop = workshop_start(
        client=client, bank=bank, title="Review", date=date(2026, 12, 2), by=consultant.user
    )
    closed_participant = participant_join(workshop=closed_workshop, display_name="Ben")
    answer(closed_participant, bank, "strategy.vision", "4")
    workshop_close(workshop=closed_workshop, by=consultant.user)
    closed_workshop.summary_shared = True
    closed_workshop.save(update_fields=["summary_shared"])
    staff = UserFactory(is_staff=True)
    forgetful = MembershipFactory(
        organization=organization, role=Membership.Role.MEMBER
    ).user  # a reset link's
    bank_editor = UserFactory(is_staff=True)
    bank_editor.groups.add(Group.objects.get(name="bank editors"))
    consultancy = consultant.consultancy
    consultancy.logo = b"\x89PNG\r\n\x1a\n"  # what the logo route serves; its content is not read
    consultancy.save(update_fields=["logo"])
    job = Job.objects.create(
        kind=Job.Kind.CLIENT_REPORTS,
        requested_by=consultant.user,
        consultancy=consultancy,
        organization=client,
        language="en",
        status=Job.Status.SUCCEEDED,
        download_name="reports.zip",
    )
    job.file_name = storages["jobs"].save(f"{job.token}/reports.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    job.save(update_fields=["file_name"])
    api_key, _secret = api_key_create(by=owner.user, name="BI", organization=organization)
    evidence = evidence_add(
        participant=draft.participants.get(),
        question=bank.questions.get(code="strategy.vision"),
        upload=upload("scan.png", image("PNG"), "image/png"),
        by=owner.user,
    )
    return World(
        bank=bank,
        organization=organization,
        member=member,
        owner=owner,
        outsider=outsider,
        draft=draft,
        submitted=fetched(submitted),
        outsiders_submitted=submit(outsider.organization, bank, at_level(2), by=outsider.user),
        invitation=invitation_create(organization=organization, by=owner.user, email="invited@example.com"),
        consultant=consultant,
        other_consultant=ConsultantFactory(),
        client=client,
        workshop=workshop,
        closed_workshop=closed_workshop,
        participant=participant,
        closed_participant=closed_participant,
        staff=staff,
        bank_editor=bank_editor,
        verification_token=email_verification_token(member.user),
        reset_uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        reset_token=default_token_generator.make_token(forgetful),
        job=job,
        api_key=api_key,
        evidence=evidence,
    )
