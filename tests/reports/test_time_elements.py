"""Every ``<time datetime>`` on the pages that show dates is a valid HTML date or global date and time string
(at most three digits of a second's fraction; stored timestamps have six)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.services import workshop_close
from reports.templatetags.html_time import datetime_attribute

pytestmark = pytest.mark.django_db

DATE = r"\d{4}-\d{2}-\d{2}"
# HTML's valid global date and time string: a date, T (or a space), a time to at most milliseconds, an offset.
GLOBAL_DATE_AND_TIME = DATE + r"[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
VALID = re.compile(rf"(?:{DATE}|{GLOBAL_DATE_AND_TIME})")
ATTRIBUTE = re.compile(r'<time\b[^>]*\bdatetime="([^"]*)"')


def datetimes(response) -> list[str]:
    assert response.status_code == 200
    return ATTRIBUTE.findall(response.content.decode())


def test_the_filter_drops_microseconds_and_keeps_the_offset(settings):
    moment = timezone.make_aware(timezone.datetime(2026, 11, 23, 1, 0, 0, 123456), timezone.UTC)
    assert datetime_attribute(moment) == "2026-11-23T10:00:00+09:00"  # TIME_ZONE Asia/Tokyo
    assert datetime_attribute(moment.date()) == "2026-11-23"
    assert datetime_attribute(None) == ""


def test_a_members_pages_carry_valid_datetimes(member_client, submitted):
    assert submitted.submitted_at.microsecond  # the case that |date:"c" got wrong
    values = [
        *datetimes(member_client.get(reverse("results", args=[submitted.public_id]))),
        *datetimes(member_client.get(reverse("history"))),
        *datetimes(member_client.get(reverse("dashboard"))),
    ]
    assert len(values) >= 2  # the results page and the history
    assert all(VALID.fullmatch(value) for value in values), values


def test_a_consultants_workshop_pages_carry_valid_datetimes(consultant_client, answered):
    workshop_close(workshop=answered)
    answered.summary_shared = True
    answered.save(update_fields=["summary_shared"])
    assessment = answered.assessment
    values = [
        *datetimes(consultant_client.get(reverse("results", args=[assessment.public_id]))),
        *datetimes(consultant_client.get(reverse("client_detail", args=[assessment.organization.public_id]))),
        *datetimes(consultant_client.get(reverse("workshop_summary", args=[answered.join_code]))),
        *datetimes(consultant_client.get(reverse("consultancy_home"))),
    ]
    assert len(values) >= 3
    assert all(VALID.fullmatch(value) for value in values), values
