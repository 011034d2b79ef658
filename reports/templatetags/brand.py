"""``{% brand_stylesheet %}``: the brand's colours (``static/css/brand.css``) for a stylesheet inlined in a
template, as the PDF report's is."""

from django import template
from django.utils.safestring import mark_safe

from cxmaturity import brand

register = template.Library()


@register.simple_tag
def brand_stylesheet() -> str:
    return mark_safe(brand.STYLESHEET)
