"""Helpers for the tests of the bank editor: staff clients with and without the "bank editors" group, and the
data of an admin change form as the browser would post it."""

from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory


def staff_client(*, editor: bool, language: str = "en") -> Client:
    user = UserFactory(is_staff=True)
    if editor:
        user.groups.add(Group.objects.get(name="bank editors"))
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def form_data(response, **changes) -> dict:
    """What the admin change page in ``response`` posts unchanged (its form and inline formsets), with
    ``changes`` applied (names as posted: "text_en", "options-0-label_ja")."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        for form in formset.forms:
            add(form)
    data.update(changes)
    return data
