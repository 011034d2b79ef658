"""``{{ value|datetime_attribute }}``: a date or a moment as the ``datetime`` attribute of ``<time>`` wants.

HTML allows at most three digits of a second's fraction, and ``|date:"c"`` writes the six of a stored
timestamp: whole seconds here, in the current time zone with its offset (``2026-11-23T10:00:00+09:00``).
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attribute(value) -> str:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
