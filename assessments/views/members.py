"""The organization's members and invitations, for its owners: invite, change roles, remove, revoke. Anyone
else gets a 404 (``access.owned_organization_for``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import owned_organization_for
from ..account_forms import InvitationForm
from ..accounts import invitation_create, invitation_revoke, membership_remove, membership_set_role
from ..mails import invitation_link, mail_invitation
from ..models import Membership


@login_required
@require_http_methods(["GET", "POST"])
def members(request):
    """The members with their role and the date they joined, the invitations with their status, and the form
    that sends a new one."""
    organization = owned_organization_for(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                organization=organization, by=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            mail_invitation(request, invitation)
            messages.success(
                request, _("An invitation is on its way to %(email)s.") % {"email": invitation.email}
            )
            return redirect("members")
    memberships = organization.memberships.select_related("user").order_by("created_at", "pk")
    invitations = list(
        organization.invitations.select_related("accepted_by", "created_by").order_by("-created_at", "-pk")
    )
    for invitation in invitations:
        invitation.link = invitation_link(request, invitation) if invitation.is_valid else None
    return render(
        request,
        "assessments/members.html",
        {
            "organization": organization,
            "memberships": memberships,
            "invitations": invitations,
            "form": form,
            "roles": Membership.Role.choices,
        },
    )


def invite(request):
    """The former page of the organization's one invitation link: invitations are on the members page now."""
    return redirect("members")


def _membership(request, public_id: str) -> Membership:
    organization = owned_organization_for(request.user)
    return get_object_or_404(
        Membership.objects.select_related("user"), organization=organization, public_id=public_id
    )


def _refused(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("members")


@login_required
@require_POST
def member_role(request, public_id: str):
    membership = _membership(request, public_id)
    try:
        membership_set_role(membership=membership, role=request.POST.get("role", ""))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request,
        _("%(name)s is now: %(role)s.") % {"name": membership.user, "role": membership.get_role_display()},
    )
    return redirect("members")


@login_required
@require_POST
def member_remove(request, public_id: str):
    membership = _membership(request, public_id)
    try:
        membership_remove(membership=membership)
    except ValidationError as error:
        return _refused(request, error)
    if membership.user_id == request.user.pk:
        return redirect("login")  # they removed themselves, and their sessions with them
    messages.success(
        request,
        _("%(name)s is no longer a member of %(organization)s.")
        % {"name": membership.user, "organization": membership.organization.name},
    )
    return redirect("members")


@login_required
@require_POST
def invitation_revoke_view(request, public_id: str):
    organization = owned_organization_for(request.user)
    invitation = get_object_or_404(organization.invitations, public_id=public_id)
    invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s no longer works.") % {"email": invitation.email}
    )
    return redirect("members")
