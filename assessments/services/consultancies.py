"""Consultancies: a firm and its first consultant, created together at sign-up."""

from django.db import transaction

from ..models import Consultancy, Consultant


def consultancy_create(*, name: str, user) -> Consultancy:
    """A consultancy named ``name`` with ``user`` as its first consultant."""
    with transaction.atomic():
        consultancy = Consultancy(name=name)
        consultancy.full_clean()
        consultancy.save()
        Consultant.objects.create(user=user, consultancy=consultancy)
    return consultancy
