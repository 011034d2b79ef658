"""The PDF report: a result rendered by WeasyPrint on A4, in Japanese or in English.

``render_report`` turns a ``ResultsView`` into PDF bytes. It takes ``build_view``, a zero-argument callable
that returns the view (``lambda: assessment_results(assessment)``), and calls it inside
``translation.override(language)``, so that bank texts, level names and interface strings all come out in the
report's language; a ready ``ResultsView`` is accepted too and used as it is. ``report_for_assessment`` (and
``reports.sample.sample_report``) fetch the optional parts (peer benchmark, customer metrics) in that language
as well.

The page is an HTML template (``templates/reports/pdf/report.html``) with its stylesheet inlined after the
brand's colours (``cxmaturity.brand``), so that WeasyPrint fetches no file; the charts of the results page
inline as SVG; and one font family named explicitly, Noto Sans CJK JP, which WeasyPrint embeds (subset) for
Japanese and Latin text alike.
"""

import base64
import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import Assessment, Consultancy, Workshop
from cxmaturity.colours import GRAPHICS_CONTRAST, darkened, mixed_with_white

from . import charts
from .benchmarks import benchmark_for
from .metrics import metrics_for
from .results import AnswerView, DimensionView, PlanEntry, ResultsView, assessment_results, results_charts
from .workshops.consensus import Consensus, QuestionConsensus, workshop_consensus
from .workshops.room import RoomView, room_rows, workshop_room

TEMPLATE = "reports/pdf/report.html"
FONT_FAMILY = "Noto Sans CJK JP"
SUMMARY_STRENGTHS = 2
SUMMARY_GAPS = 2
SUMMARY_ACTIONS = 3
HELD_BACK = 2  # answers shown under "what held it back", lowest score first (the appendix has them all)
INK_CONTRAST = 11.5  # headings and figures: as dark against white as the product's (#083f4a)


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


@dataclass(frozen=True)
class Branding:
    """A consultancy's name and logo on the cover and in the footers, and its accent colour for headings,
    rules and charts, on the reports of its clients; ``logo`` is a data: URL."""

    name: str
    logo: str = ""
    accent: str = ""  # #rrggbb, checked by the database

    @property
    def palette(self) -> charts.Palette:
        """The charts' colours: a shade of the accent dark enough to draw with, its tint for the level bands
        and a target colour apart from it (``charts.Palette.for_accent``); the product's without an accent."""
        return charts.Palette.for_accent(self.accent) if self.accent else charts.BRAND

    @property
    def colours(self) -> dict[str, str]:
        """The report stylesheet's colours (custom properties) made from the accent the way the product's are
        made from its own: the charts' shade, which white text on the cover and in the level chips needs;
        tints of it for surfaces, borders and light text on it, lighter shades for the later roadmap phases
        (under white text, so no lighter than 3:1), and a dark one for headings and figures. None for the
        brand's own palette, which the stylesheet has."""
        palette = self.palette
        if palette == charts.BRAND:
            return {}

        def lighter(share: float) -> str:
            return darkened(mixed_with_white(palette.current, share), GRAPHICS_CONTRAST)

        return {
            "cxm-accent": palette.current,
            "cxm-accent-tint": palette.band,
            "cxm-accent-surface": mixed_with_white(palette.current, 0.06),
            "cxm-accent-border": mixed_with_white(palette.current, 0.2),
            "report-ink": darkened(palette.current, INK_CONTRAST),
            "report-on-accent": mixed_with_white(palette.current, 0.2),
            "report-phase-next": lighter(0.84),
            "report-phase-later": lighter(0.68),
        }


def branding_for(assessment: Assessment) -> Branding | None:
    """The branding of the consultancy whose client the organization is (one query), or None."""
    if assessment.organization.consultancy_id is None:
        return None
    consultancy = Consultancy.objects.get(pk=assessment.organization.consultancy_id)
    logo = bytes(consultancy.logo) if consultancy.logo else b""
    return Branding(
        name=consultancy.name,
        logo=f"data:image/png;base64,{base64.b64encode(logo).decode()}" if logo else "",
        accent=consultancy.accent_colour,
    )


@dataclass(frozen=True)
class DimensionSection:
    dimension: DimensionView
    peers: object | None  # reports.benchmarks.Stats of this dimension, when there is a benchmark
    # its lowest-scoring answers below the target level (in a workshop: questions, by their rule 8 score)
    held_back: tuple[AnswerView, ...] | tuple[QuestionConsensus, ...]


@dataclass(frozen=True)
class RoadmapPhase:
    key: str  # "now" | "next" | "later"
    title: str
    when: str  # a suggested time frame
    entries: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class PeerRow:
    name: str
    score: Decimal | None
    stats: object | None  # reports.benchmarks.Stats


# Building the report


def render_report(
    build_view: Callable[[], ResultsView] | ResultsView,
    *,
    language: str,
    benchmark=None,
    metrics: Sequence | None = None,
    branding: Branding | None = None,
) -> bytes:
    """The PDF of a result in ``language`` ("ja" or "en").

    ``benchmark`` is a ``reports.benchmarks.BenchmarkOutcome`` (a comparison, or the reason there is none),
    or None when benchmarks are not available; ``metrics`` a list of ``reports.metrics.MetricValue``;
    ``branding`` the consultancy's name, logo and accent colour for a client's report."""
    html = report_html(build_view, language=language, benchmark=benchmark, metrics=metrics, branding=branding)
    return render_pdf(html).data


def report_html(
    build_view: Callable[[], ResultsView] | ResultsView,
    *,
    language: str,
    benchmark=None,
    metrics: Sequence | None = None,
    branding: Branding | None = None,
    room: RoomView | None = None,
    workshop: Workshop | None = None,
    consensus: Consensus | None = None,
) -> str:
    """The report's HTML, for WeasyPrint (``render_report`` is this and ``render_pdf``). A workshop's report
    has its ``room`` (the spread of participants and departments), the ``workshop`` (title and date on the
    cover) and its ``consensus`` (who took part, and per question the distribution, agreed score and
    comments, in place of every answer), built in ``language``."""
    with translation.override(language):
        view = build_view() if callable(build_view) else build_view
        context = report_context(view, benchmark, metrics or (), branding, consensus)
        context.update(
            room=room, room_rows=room_rows(room, view.dimensions) if room else (), workshop=workshop
        )
        return render_to_string(TEMPLATE, context)


def render_pdf(html: str) -> Pdf:
    """WeasyPrint's PDF of the report's HTML, and its number of pages."""
    import weasyprint  # loaded on first use: it is large and only the PDF needs it

    with _collector_paused():
        document = weasyprint.HTML(string=html, url_fetcher=_url_fetcher()).render()
        return Pdf(document.write_pdf(), len(document.pages))


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector held off while WeasyPrint works, then run once.

    A report makes some 600,000 short-lived objects (boxes that point to their parents), so the collector
    would otherwise start dozens of times during one render and walk every live object of the process,
    Django's included, each time. One collection afterwards frees the same garbage, for about an eighth less
    time in all (``scripts/benchmark_pdf.py``). The collector is switched back on only if it was on: another
    thread's render, or a caller that turned it off, is left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()


@functools.cache
def _url_fetcher():
    """data: URLs only (a consultancy's logo): a report never reaches the network or the file system. Made
    once, as each fetcher costs an SSL context (about 50 ms)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def assessment_report_html(assessment: Assessment, language: str) -> str:
    """The report's HTML for a submitted assessment (fetched with ``organization``, ``bank`` and ``result``),
    with its peer benchmark and customer metrics when those exist."""
    workshop = _workshop(assessment)
    with translation.override(language):
        benchmark = benchmark_for(assessment)
        metrics = metrics_for(assessment)
        consensus = workshop_consensus(workshop) if workshop else None
    return report_html(
        lambda: assessment_results(assessment),
        language=language,
        benchmark=benchmark,
        metrics=metrics,
        branding=branding_for(assessment),
        room=_room(assessment),
        workshop=workshop,
        consensus=consensus,
    )


def _workshop(assessment: Assessment) -> Workshop | None:
    """A workshop's own row (one query); None for a self-assessment."""
    if assessment.mode != Assessment.Mode.WORKSHOP:
        return None
    workshop = Workshop.objects.get(assessment=assessment)
    workshop.assessment = assessment
    return workshop


def _room(assessment: Assessment) -> RoomView | None:
    """A workshop's room (seven queries); None for a self-assessment."""
    if assessment.mode != Assessment.Mode.WORKSHOP:
        return None
    codes = list(assessment.result.dimensions.in_bank_order().values_list("dimension__code", flat=True))
    return workshop_room(assessment, codes)


def report_for_assessment(assessment: Assessment, language: str) -> bytes:
    """The PDF of a submitted assessment (fetched with ``organization``, ``bank`` and ``result``): its HTML
    built, the PDF from the shared cache while that HTML is unchanged (``cached_pdf``)."""
    return cached_pdf(assessment_report_html(assessment, language))


PDF_CACHE_SECONDS = 30 * 24 * 3600


def cached_pdf(html: str) -> bytes:
    """The PDF of the report's HTML: from the shared cache (one query) when the same HTML was rendered
    before, else rendered by WeasyPrint and kept for ``PDF_CACHE_SECONDS``.

    The HTML holds everything the PDF shows (its styles, charts and logo are inside it: the renderer fetches
    nothing else), so the same HTML and the same WeasyPrint make the same PDF. A submitted result never
    changes; what around it can (its peers, targets, metrics, the organization's name, a consultancy's
    branding, the language) changes the HTML, hence the key: nothing needs to be forgotten by hand."""
    key = "report-pdf:" + hashlib.sha256(f"{_renderer()}\n{html}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render_pdf(html).data
        cache.set(key, data, timeout=PDF_CACHE_SECONDS)
    return data


@functools.cache
def _renderer() -> str:
    return f"weasyprint {importlib.metadata.version('weasyprint')}"


# The template's context


def report_context(
    view: ResultsView,
    benchmark,
    metrics: Sequence,
    branding: Branding | None,
    consensus: Consensus | None = None,
) -> dict:
    comparison = getattr(benchmark, "benchmark", None)
    peer_stats = getattr(comparison, "dimensions", None) or {}
    palette = branding.palette if branding else charts.BRAND
    return {
        "results": view,
        "language": translation.get_language(),
        "strengths": view.strengths[:SUMMARY_STRENGTHS],
        "gaps": view.gaps[:SUMMARY_GAPS],
        "actions": view.plan[:SUMMARY_ACTIONS],
        "charts": report_charts(view, comparison, palette),
        "chart_palette": palette,
        "sections": dimension_sections(view, peer_stats, consensus),
        "benchmark": benchmark,
        "comparison": comparison,
        "peer_rows": peer_rows(view, comparison) if comparison else [],
        "widening_note": widening_note(comparison),
        "metrics": list(metrics),
        "roadmap": roadmap(view.plan),
        "branding": branding,
        "consensus": consensus,
    }


def report_charts(view: ResultsView, comparison, palette: charts.Palette = charts.BRAND) -> dict[str, str]:
    """The charts of the results page, drawn in the report's font and the ``palette``: the radar (with the
    peer median when there is a benchmark), the bars in their compact layout (its larger type suits the
    narrower column they get on A4), and the peer chart."""
    drawn = results_charts(view, comparison, palette)
    chosen = {"radar": drawn["radar"], "bars": drawn["bars_compact"], "peers": drawn.get("peers", "")}
    site_font, report_font = f'font-family="{escape(charts.FONT)}"', f'font-family="{FONT_FAMILY}"'
    return {name: mark_safe(svg.replace(site_font, report_font)) for name, svg in chosen.items()}


def dimension_sections(
    view: ResultsView, peer_stats, consensus: Consensus | None = None
) -> list[DimensionSection]:
    """Each dimension with its peers' figures and what held it back: its lowest answers, or in a workshop its
    lowest question scores (rule 8), never one participant's answer."""
    if consensus:
        answers = {dimension.code: dimension.questions for dimension in consensus.dimensions}
    else:
        answers = {group.dimension.code: group.answers for group in view.answers}
    return [
        DimensionSection(
            dimension=dimension,
            peers=peer_stats.get(dimension.code),
            held_back=held_back(dimension, answers.get(dimension.code, ())),
        )
        for dimension in view.dimensions
    ]


def held_back[T: (AnswerView, QuestionConsensus)](
    dimension: DimensionView, answers: Sequence[T]
) -> tuple[T, ...]:
    """The dimension's lowest-scoring answers (or a workshop's questions) below its target level's minimum
    score (lowest first, then in questionnaire order)."""
    if dimension.target is None:
        return ()
    below = [
        answer for answer in answers if answer.score is not None and answer.score < dimension.target.min_score
    ]
    return tuple(sorted(below, key=lambda answer: answer.score)[:HELD_BACK])


def roadmap(plan: Sequence[PlanEntry]) -> list[RoadmapPhase]:
    """The plan, in its order, cut into thirds: now, next, later (the first phases get the extra entries),
    each with a suggested time frame."""
    now = math.ceil(len(plan) / 3)
    following = now + math.ceil((len(plan) - now) / 2)
    return [
        RoadmapPhase("now", pgettext("roadmap", "Now"), _("the next 3 months"), tuple(plan[:now])),
        RoadmapPhase("next", pgettext("roadmap", "Next"), _("in 3 to 6 months"), tuple(plan[now:following])),
        RoadmapPhase("later", pgettext("roadmap", "Later"), _("in 6 to 12 months"), tuple(plan[following:])),
    ]


def peer_rows(view: ResultsView, comparison) -> list[PeerRow]:
    rows = [PeerRow(_("Overall"), view.score, comparison.overall)]
    rows.extend(
        PeerRow(dimension.name, dimension.score, comparison.dimensions.get(dimension.code))
        for dimension in view.dimensions
    )
    return rows


def widening_note(comparison) -> str:
    """Why the peer group is wider than the organization's own profile, in plain words ("" when it is not)."""
    widened = getattr(comparison, "widened", ())
    if not widened:
        return ""
    note = getattr(comparison, "widening_note", "")  # the benchmark's own explanation, when it gives one
    if note:
        return note
    names = {"size_band": _("size"), "country": _("country"), "industry": _("industry")}
    return _(
        "Too few organizations matched every filter, so the group was widened by leaving out: %(filters)s."
    ) % {"filters": ", ".join(str(names.get(name, name)) for name in widened)}
