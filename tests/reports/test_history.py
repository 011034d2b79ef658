"""The history of an organization's submitted assessments and its trend chart."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from assessments.services import assessment_start
from tests.factories import MembershipFactory, at_level, submit

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def trend(response) -> ET.Element:
    return ET.fromstring(str(response.context["charts"]["trend"]))


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("history"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_a_member_without_results_sees_how_to_get_some(client, member, assessment):
    client.force_login(member.user)
    response = client.get(reverse("history"))
    assert response.status_code == 200
    assert "has not submitted an assessment yet" in response.content.decode()
    assert reverse("results", args=[assessment.public_id]) not in response.content.decode()


def test_a_user_without_an_organization_sees_an_empty_history(client, django_user_model):
    user = django_user_model.objects.create_user("alone@example.com", "pw")
    client.force_login(user)
    assert client.get(reverse("history")).status_code == 200


def test_one_assessment_shows_points_only_and_says_so(client, member, bank):
    assessment = submit(member.organization, bank, at_level(3), by=member.user)
    client.force_login(member.user)
    response = client.get(reverse("history"))
    html = response.content.decode()
    assert "Only one assessment so far" in html
    assert reverse("results", args=[assessment.public_id]) in html
    root = trend(response)
    assert not list(root.iter(f"{SVG}polyline"))
    assert "points only" in root.find(f"{SVG}desc").text


def test_every_submitted_assessment_of_the_organization_is_listed_newest_first(client, member, bank):
    old = submit(member.organization, bank, at_level(2), by=member.user, days_ago=400)
    new = submit(member.organization, bank, at_level(4), by=member.user, days_ago=10)
    in_progress = assessment_start(organization=member.organization, bank=bank, by=member.user)
    other = submit(MembershipFactory().organization, bank, at_level(5))
    client.force_login(member.user)
    response = client.get(reverse("history"))
    html = response.content.decode()
    links = [reverse("results", args=[a.public_id]) for a in (new, old)]
    assert html.index(links[0]) < html.index(links[1])
    for hidden in (in_progress, other):
        assert reverse("results", args=[hidden.public_id]) not in html
    # Overall and per-dimension scores, with their level.
    entries = response.context["history"].newest_first
    assert [entry.public_id for entry in entries] == [new.public_id, old.public_id]
    assert f"{new.result.score:.2f}" in html
    assert "Level 4 · Managed" in html or "Level 3 · Defined" in html
    root = trend(response)
    series = [group.get("data-series") for group in root.iter(f"{SVG}g") if group.get("data-series")]
    assert series == ["strategy", "voc", "overall"]  # the overall line is drawn last, on top
    assert len(list(root.iter(f"{SVG}polyline"))) == 3  # one line per series
    legend = " ".join("".join(text.itertext()) for text in root.iter(f"{SVG}text"))
    assert "Overall" in legend and "Strategy" in legend and "Voc" in legend


@pytest.mark.parametrize("count", [1, 5])
def test_the_history_needs_the_same_queries_for_1_and_5_assessments(
    client, member, bank, django_assert_num_queries, count
):
    for number in range(count):
        submit(
            member.organization,
            bank,
            at_level(1 + number % 5),
            by=member.user,
            days_ago=100 * (count - number),
        )
    client.force_login(member.user)
    # 1 session, 2 user, 3 the user's first membership with its organization, 4 the submitted assessments
    # with bank and result, 5 their dimension results with dimensions, 6 the banks' levels.
    with django_assert_num_queries(6):
        response = client.get(reverse("history"))
    assert len(response.context["history"].entries) == count


def test_the_history_in_japanese(client, member, bank):
    submit(member.organization, bank, at_level(3), by=member.user)
    client.force_login(member.user)
    html = client.get(reverse("history"), headers={"accept-language": "ja"}).content.decode()
    assert "Test bank（日本語）" in html
    assert "Strategy（日本語）" in html  # a trend series
