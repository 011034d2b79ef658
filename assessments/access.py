"""Who may see what: an organization's members see its assessments; anyone else gets a 404."""

from django.shortcuts import get_object_or_404

from .models import Assessment, Organization


def organization_for(user) -> Organization | None:
    """The organization a member works in (the first they joined)."""
    membership = user.memberships.select_related("organization").order_by("created_at", "pk").first()
    return membership.organization if membership else None


def assessment_for(user, public_id: str, queryset=None) -> Assessment:
    """The assessment with this public id if the user is a member of its organization; 404 otherwise."""
    queryset = Assessment.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.for_user(user), public_id=public_id)


def result_for(user, public_id: str) -> Assessment:
    """The member's submitted assessment that has a result, fetched with its organization, bank and result;
    404 for anyone else's and for one still in progress (there is nothing to download yet)."""
    return assessment_for(
        user,
        public_id,
        Assessment.objects.with_result().select_related("organization", "bank", "result"),
    )
