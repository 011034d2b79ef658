"""Who may see what: an organization's members see its assessments, its owners also its members and
invitations, a consultancy's consultants its clients and their workshops and results; anyone else gets a
404."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import Http404
from django.shortcuts import get_object_or_404

from cxmaturity.prepared import PreparedQuery

from .models import Assessment, Consultancy, Consultant, Membership, Organization, Workshop


class UserBackend(ModelBackend):
    """Django's log-in by password, fetching the logged-in user with their consultant (if any) in the same
    query, so that every page knows whether to show a consultant's navigation without asking again."""

    def get_user(self, user_id):
        """The session's user (asked on every request, so by a query compiled once)."""
        try:
            found = _USER.run(pk=int(user_id))
        except (TypeError, ValueError):
            return None
        user = found[0] if found else None
        return user if user and self.user_can_authenticate(user) else None


def _user(pk: int):
    return get_user_model()._default_manager.select_related("consultant").filter(pk=pk)


_USER = PreparedQuery(_user, pk=-7_310_000_007)


def is_consultant(user) -> bool:
    """Whether the user works for a consultancy (no query for a user fetched by ``UserBackend``)."""
    return user.is_authenticated and hasattr(user, "consultant")


def membership_for(user) -> Membership | None:
    """The user's membership of the organization they work in (the first they joined), with it."""
    return user.memberships.select_related("organization").order_by("created_at", "pk").first()


def organization_for(user) -> Organization | None:
    """The organization a member works in (the first they joined)."""
    membership = membership_for(user)
    return membership.organization if membership else None


def owned_organization_for(user) -> Organization:
    """The organization of which the user is an owner (the one they work in); 404 for anyone else, as for
    someone else's object: a member who is not an owner finds no members' page."""
    membership = membership_for(user) if user.is_authenticated else None
    if membership is None or membership.role != Membership.Role.OWNER:
        raise Http404
    return membership.organization


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


def consultancy_for(user) -> Consultancy | None:
    """The consultancy a consultant works for; None for anyone else."""
    if not user.is_authenticated:
        return None
    consultant = Consultant.objects.select_related("consultancy").filter(user=user).first()
    return consultant.consultancy if consultant else None


def client_for(user, public_id: str, queryset=None) -> Organization:
    """A client organization of the user's consultancy; 404 for anyone else's (and for non-consultants)."""
    queryset = Organization.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(queryset, consultancy__consultants__user=user, public_id=public_id)


def workshop_for(user, public_id: str, queryset=None) -> Workshop:
    """A workshop (by its assessment's public id) of a client of the user's consultancy; 404 otherwise."""
    if queryset is None:
        queryset = Workshop.objects.select_related("assessment__organization", "assessment__bank")
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        queryset,
        assessment__organization__consultancy__consultants__user=user,
        assessment__public_id=public_id,
    )
