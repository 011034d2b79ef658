"""Keep the peer scores of benchmarks fresh: on each submission, when an organization's profile changes, and
when what makes it a peer changes (an address confirmed, a member joining or leaving)."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.models import Assessment, Membership, Organization
from assessments.signals import assessment_submitted, email_confirmed

from .benchmarks import peer_profile_refresh, peer_scores_refresh, peer_standing_refresh


@receiver(assessment_submitted, sender=Assessment, dispatch_uid="reports.peer_scores_on_submission")
def peer_scores_on_submission(sender, assessment: Assessment, **kwargs):
    # Inside the submission's transaction: the aggregate changes with the result or not at all.
    peer_scores_refresh(organization_id=assessment.organization_id, bank_slug=assessment.bank.slug)


@receiver(post_save, sender=Organization, dispatch_uid="reports.peer_profile_on_save")
def peer_profile_on_save(sender, instance: Organization, created: bool, raw: bool = False, **kwargs):
    if not created and not raw:
        peer_profile_refresh(instance)


@receiver(email_confirmed, dispatch_uid="reports.peer_standing_on_email_confirmed")
def peer_standing_on_email_confirmed(sender, user, **kwargs):
    # The user's organizations, and the clients of their consultancy when they are a consultant.
    organizations = Organization.objects.filter(
        Q(memberships__user=user) | Q(consultancy__consultants__user=user)
    ).values_list("pk", flat=True)
    peer_standing_refresh(set(organizations))


@receiver(post_save, sender=Membership, dispatch_uid="reports.peer_standing_on_member_joined")
@receiver(post_delete, sender=Membership, dispatch_uid="reports.peer_standing_on_member_left")
def peer_standing_on_membership(sender, instance: Membership, raw: bool = False, **kwargs):
    if not raw:
        peer_standing_refresh([instance.organization_id])
