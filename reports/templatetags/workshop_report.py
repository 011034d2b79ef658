"""``{% distribution_chart question "prefix" %}``: the distribution of a workshop question's answers
(``reports.workshops.consensus.QuestionConsensus``) as a small SVG column chart, its ids starting with the
prefix so that a page may show the same question twice; ``report=True`` draws it in the PDF report's font,
``palette`` (a ``reports.charts.Palette``) in a branded report's colours."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..charts import BRAND, svg
from ..charts.distribution import distribution_chart as draw
from ..pdf import FONT_FAMILY

register = template.Library()
PAGE_SCALE = 1.25
REPORT_SCALE = 0.75


@register.simple_tag
def distribution_chart(question, prefix: str, report: bool = False, palette=BRAND) -> str:
    """Drawn smaller in the report, whose text is smaller than the page's."""
    figures = question.figures
    drawn = draw(
        [(bin.label, bin.count) for bin in figures.bins],
        figures.not_applicable if question.shows_na else None,
        kind=figures.type,
        id_prefix=f"{prefix}-{question.code}",
        scale=REPORT_SCALE if report else PAGE_SCALE,
        palette=palette,
    )
    if report:
        drawn = drawn.replace(f'font-family="{escape(svg.FONT)}"', f'font-family="{FONT_FAMILY}"')
    return mark_safe(drawn)
