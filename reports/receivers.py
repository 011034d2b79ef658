"""Keep the peer scores of benchmarks fresh: on each submission and when an organization's profile changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.models import Assessment, Organization
from assessments.signals import assessment_submitted

from .benchmarks import peer_profile_refresh, peer_scores_refresh


@receiver(assessment_submitted, sender=Assessment, dispatch_uid="reports.peer_scores_on_submission")
def peer_scores_on_submission(sender, assessment: Assessment, **kwargs):
    # Inside the submission's transaction: the aggregate changes with the result or not at all.
    peer_scores_refresh(organization_id=assessment.organization_id, bank_slug=assessment.bank.slug)


@receiver(post_save, sender=Organization, dispatch_uid="reports.peer_profile_on_save")
def peer_profile_on_save(sender, instance: Organization, created: bool, raw: bool = False, **kwargs):
    if not created and not raw:
        peer_profile_refresh(instance)
