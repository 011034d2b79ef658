"""The questionnaire's template filter: an option's ``checked`` attribute, as the page's state says (or the
place where it goes, in a question's cached markup: ``views/fragments.py``)."""

from django import template

register = template.Library()


@register.filter
def checked(state, code: str) -> str:
    """`` checked`` if the option of this code is chosen in the question's state, else nothing."""
    return state.checked(code)
