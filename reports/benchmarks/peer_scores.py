"""Keeping the maintained aggregate ``reports.models.PeerScore`` fresh: refreshed for an organization on
every submission and profile change (``receivers.py``), rebuilt by ``manage.py refresh_peer_scores``. Who
counts as a peer is ``standing.py``'s rule, applied as the rows are stored."""

from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery

from assessments.models import Assessment, Dimension, DimensionResult, Organization

from ..models import PeerScore
from .comparison import dimension_signature
from .standing import peer_standing_refresh, recount, standings


def _latest_submitted():
    """Submitted assessments with a result that are the latest (by submission date) of their organization on
    their bank slug."""
    newest = (
        Assessment.objects.with_result()
        .filter(organization_id=OuterRef("organization_id"), bank__slug=OuterRef("bank__slug"))
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.with_result().filter(pk=Subquery(newest))


def _store(assessments) -> int:
    """Insert the peer scores of ``assessments`` (a queryset): five reads, then the inserts in batches, then
    the choice of which organization counts for each e-mail domain. Returns the rows written."""
    latest = list(
        assessments.values(
            "pk",
            "organization_id",
            "organization__industry",
            "organization__size_band",
            "organization__country",
            "organization__is_demo",
            "bank_id",
            "bank__slug",
            "submitted_at",
            "result__score",
        )
    )
    if not latest:
        return 0
    bank_codes: dict[int, list[str]] = {}
    for bank_id, code in Dimension.objects.filter(bank_id__in={row["bank_id"] for row in latest}).values_list(
        "bank_id", "code"
    ):
        bank_codes.setdefault(bank_id, []).append(code)
    signatures = {bank_id: dimension_signature(codes) for bank_id, codes in bank_codes.items()}
    scores: dict[int, list[tuple[str, Decimal]]] = {}
    for assessment_id, code, score in DimensionResult.objects.filter(
        result__assessment__in=assessments.values("pk"), score__isnull=False
    ).values_list("result__assessment_id", "dimension__code", "score"):
        scores.setdefault(assessment_id, []).append((code, score))

    standing = standings(assessments.values("organization_id"))
    rows = []
    for row in latest:
        keyed = [(PeerScore.OVERALL, row["result__score"]), *scores.get(row["pk"], [])]
        peer = standing[row["organization_id"]]
        rows.extend(
            PeerScore(
                organization_id=row["organization_id"],
                assessment_id=row["pk"],
                bank_slug=row["bank__slug"],
                signature=signatures.get(row["bank_id"], dimension_signature([])),
                key=key,
                score=score,
                industry=row["organization__industry"],
                size_band=row["organization__size_band"],
                country=row["organization__country"],
                is_demo=row["organization__is_demo"],
                verified=peer.verified,
                domain=peer.domain,
                # Of the organizations sharing a domain, recount() chooses the one that counts.
                counted=peer.verified and not peer.domain,
                submitted_at=row["submitted_at"],
            )
            for key, score in keyed
            if score is not None  # an undefined score is no one's peer
        )
    PeerScore.objects.bulk_create(rows, batch_size=1000)
    recount({(row.bank_slug, row.domain) for row in rows if row.domain}, ())
    return len(rows)


def peer_scores_refresh(*, organization_id: int, bank_slug: str) -> None:
    """Replace an organization's peer scores on a bank slug by those of its latest submitted assessment."""
    with transaction.atomic():
        # Concurrent submissions of one organization refresh its rows one after the other.
        list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk"))
        PeerScore.objects.filter(organization_id=organization_id, bank_slug=bank_slug).delete()
        _store(_latest_submitted().filter(organization_id=organization_id, bank__slug=bank_slug))


def peer_scores_rebuild() -> int:
    """Rebuild every peer score from the submitted results; returns the rows written."""
    with transaction.atomic():
        PeerScore.objects.all().delete()
        return _store(_latest_submitted())


def peer_profile_refresh(organization: Organization) -> None:
    """Copy an organization's filters (industry, size band, country, demo flag) and its standing as a peer
    onto its peer scores."""
    PeerScore.objects.filter(organization_id=organization.pk).update(
        industry=organization.industry,
        size_band=organization.size_band,
        country=str(organization.country),
        is_demo=organization.is_demo,
    )
    peer_standing_refresh([organization.pk])
