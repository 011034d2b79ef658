"""Double clicks and stale second tabs get a clear outcome: starting twice continues the first assessment,
signing up or joining twice lands where the first did, and a submitted assessment's page posted again says
that its answers can no longer change. Two at once, in threads, too."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Invitation, Membership, Organization, User
from assessments.services import assessment_continue_or_start
from tests.assessments.test_accounts import signup_data
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def test_starting_twice_continues_the_assessment_the_first_click_started(member_client, member, bank):
    first = member_client.post(reverse("assessment_start"))
    second = member_client.post(reverse("assessment_start"), follow=True)
    assessment = Assessment.objects.get(organization=member.organization)
    assert first["Location"] == reverse("assessment_resume", args=[assessment.public_id])
    assert second.redirect_chain[0][0] == first["Location"]
    assert messages_of(second) == ["An assessment is already in progress: here it is, to continue."]


def test_after_a_submission_start_begins_a_new_assessment(member_client, member, submitted):
    response = member_client.post(reverse("assessment_start"))
    new = Assessment.objects.exclude(pk=submitted.pk).get(organization=member.organization)
    assert response["Location"] == reverse("assessment_resume", args=[new.public_id])


def test_signing_up_twice_lands_on_the_same_page_with_one_account(client):
    first = client.post(reverse("signup"), signup_data())
    # The second click's request left before the first's answer set the session cookie.
    second = english().post(reverse("signup"), signup_data())
    assert first["Location"] == second["Location"] == reverse("signup_sent")
    assert User.objects.filter(email="hanako@example.jp").count() == 1
    assert Organization.objects.count() == 1
    # And once logged in by the first, the page sends the new member on.
    assert client.post(reverse("signup"), signup_data())["Location"] == reverse("dashboard")


def test_joining_twice_by_invitation_says_so(member):
    other = MembershipFactory()
    invitation = Invitation.objects.create(
        organization=member.organization, created_by=member.user, email=other.user.email
    )
    client = english()
    client.force_login(other.user)
    url = reverse("join", args=[invitation.token])
    assert messages_of(client.post(url, follow=True)) == [f"You joined {member.organization.name}."]
    response = client.post(url, follow=True)
    assert messages_of(response) == [f"You are a member of {member.organization.name} already."]
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert other.user.memberships.filter(
        organization=member.organization, role=Membership.Role.MEMBER
    ).exists()


def test_signing_up_twice_through_an_invitation_makes_one_account(member):
    invitation = Invitation.objects.create(
        organization=member.organization, created_by=member.user, email="hanako@example.jp"
    )
    data = {key: value for key, value in signup_data().items() if key.startswith("user-")}
    url = reverse("join", args=[invitation.token])
    assert english().post(url, data)["Location"] == reverse("dashboard")
    second = english().post(url, data)  # the first click's session cookie not set yet: nobody is logged in
    assert second.status_code == 404
    assert "Invitation not valid" in second.content.decode()
    assert User.objects.filter(email="hanako@example.jp").count() == 1
    assert Membership.objects.filter(organization=member.organization).count() == 2


def test_a_submitted_assessments_page_posted_from_a_stale_tab_says_it_is_submitted(member_client, submitted):
    url = reverse("assessment_dimension", args=[submitted.public_id, "strategy"])
    response = member_client.post(url, {"strategy.vision-options": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("results", args=[submitted.public_id])
    assert messages_of(response) == ["This assessment has been submitted; its answers can no longer change."]


def test_an_autosave_from_a_stale_tab_is_refused_with_a_reason(member_client, submitted):
    url = reverse("assessment_answer", args=[submitted.public_id, "strategy.vision"])
    response = member_client.post(url, {"options": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "submitted" in response.content.decode()


# Two requests at once, each in its own thread and database connection.


def at_once(*calls):
    """Run the calls in threads released together; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (returned to the test)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_assessment(member, bank):
    def start():
        return assessment_continue_or_start(organization=member.organization, bank=bank, by=member.user)

    results = at_once(start, start)
    assert sorted(new for _assessment, new in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert Assessment.objects.filter(organization=member.organization).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_at_once_make_one_account():
    def sign_up():
        return english().post(reverse("signup"), signup_data()).get("Location")

    assert at_once(sign_up, sign_up) == [reverse("signup_sent")] * 2
    assert User.objects.filter(email="hanako@example.jp").count() == 1
