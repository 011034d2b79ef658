"""Querysets compiled once (cxmaturity/prepared.py): the same objects as the ORM's, in one query."""

import pytest
from django.db.models import Count

from assessments.models import Participant, User
from cxmaturity.prepared import PreparedQuery
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def participants(user, public_id):
    return (
        Participant.objects.select_related("assessment__bank")
        .filter(assessment__public_id=public_id, assessment__organization__memberships__user=user)
        .annotate(answers_count=Count("answers"))
        .order_by("pk")
    )


PARTICIPANTS = PreparedQuery(participants, user=User(pk=-1), public_id="~public-id~")


def test_a_prepared_query_gives_what_the_orm_gives(assessment, member, django_assert_num_queries):
    expected = list(participants(member.user, assessment.public_id))
    for _run in range(2):  # compiled on the first run, the kept SQL on the second
        with django_assert_num_queries(1):
            found = PARTICIPANTS.run(user=member.user, public_id=assessment.public_id)
            assert found == expected
            assert found[0].assessment == assessment and found[0].assessment.bank == assessment.bank
            assert found[0].answers_count == expected[0].answers_count == 0
    assert PARTICIPANTS.run(user=MembershipFactory().user, public_id=assessment.public_id) == []
    assert PARTICIPANTS.run(user=member.user, public_id="x" * 26) == []


def test_a_parameter_the_orm_rewrites_cannot_be_prepared():
    contains = PreparedQuery(lambda name: Participant.objects.filter(display_name__contains=name), name="~n~")
    with pytest.raises(ValueError, match="name"):
        contains.run(name="a")
