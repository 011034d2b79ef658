"""Which organizations count as peers: the rule, in one place.

An organization is **verified** when one of its members confirmed their e-mail address through the link mailed
to it (or joined through an invitation sent to it), when it is the client of a consultancy one of whose
consultants did, or when it is demonstration data (demonstration peers stay demonstration peers). Its
**domain** is that of its first confirmed member whose address is not at a public webmail provider ("" when
there is none). Organizations sharing a domain count **once**: the one that submitted last on a bank slug.
Only verified organizations count.

``PeerScore`` rows carry ``verified``, ``domain`` and ``counted``; ``peer_standing_refresh`` keeps them up on
every change the rule reads (an address confirmed, a member joining or leaving, an organization saved), and
``peer_scores.py`` sets them as it stores an organization's scores.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef

from assessments.models import Consultant, Membership, Organization

from ..models import PeerScore

# Addresses anyone can open in a minute say nothing about the organization: they are not a shared domain.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.jp",
        "hotmail.com",
        "hotmail.co.jp",
        "live.com",
        "live.jp",
        "msn.com",
        "yahoo.com",
        "yahoo.co.jp",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.com",
        "zoho.com",
        "yandex.com",
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "au.com",
        "softbank.ne.jp",
        "i.softbank.jp",
    }
)


def email_domain(email: str) -> str:
    """The domain of an address, lowercase; "" for a public webmail domain."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    return "" if domain in PUBLIC_MAIL_DOMAINS else domain


@dataclass(frozen=True)
class Standing:
    verified: bool
    domain: str


def standings(organization_ids: Collection[int]) -> dict[int, Standing]:
    """The standing of each organization, in two queries."""
    vouched = Consultant.objects.filter(
        consultancy_id=OuterRef("consultancy_id"), user__email_verified_at__isnull=False
    )
    organizations = Organization.objects.filter(pk__in=organization_ids).annotate(vouched=Exists(vouched))
    confirmed: dict[int, list[str]] = {}
    for organization_id, email in (
        Membership.objects.filter(organization_id__in=organization_ids, user__email_verified_at__isnull=False)
        .order_by("created_at", "pk")
        .values_list("organization_id", "user__email")
    ):
        confirmed.setdefault(organization_id, []).append(email)
    result = {}
    for organization in organizations.only("pk", "is_demo", "consultancy_id"):
        emails = confirmed.get(organization.pk, [])
        domains = [domain for domain in map(email_domain, emails) if domain]
        result[organization.pk] = Standing(
            verified=organization.is_demo or organization.vouched or bool(emails),
            domain="" if organization.is_demo else next(iter(domains), ""),
        )
    return result


def peer_standing_refresh(organization_ids: Iterable[int]) -> None:
    """Copy the organizations' standing onto their peer scores, then choose again which rows count among
    the domains they left or joined."""
    ids = set(organization_ids)
    rows = PeerScore.objects.filter(organization_id__in=ids)
    before = set(rows.values_list("bank_slug", "domain").distinct())
    if not before:
        return  # nothing submitted: nothing to count
    for organization_id, standing in standings(ids).items():
        PeerScore.objects.filter(organization_id=organization_id).update(
            verified=standing.verified, domain=standing.domain
        )
    recount(before | set(rows.values_list("bank_slug", "domain").distinct()), ids)


def recount(slug_domains: Iterable[tuple[str, str]], organization_ids: Collection[int]) -> None:
    """Set ``counted`` on the rows of these organizations and of the (bank slug, domain) pairs: a verified
    organization without a domain counts; of a domain's verified organizations, the latest to submit."""
    PeerScore.objects.filter(organization_id__in=organization_ids, domain="").exclude(
        counted=F("verified")
    ).update(counted=F("verified"))
    for bank_slug, domain in slug_domains:
        if not domain:
            continue
        shared = PeerScore.objects.filter(bank_slug=bank_slug, domain=domain)
        latest = (
            shared.filter(verified=True, key=PeerScore.OVERALL)
            .order_by("-submitted_at", "organization_id")
            .values_list("organization_id", flat=True)
            .first()
        )
        shared.exclude(organization_id=latest).filter(counted=True).update(counted=False)
        if latest is not None:
            shared.filter(organization_id=latest, counted=False).update(counted=True)
