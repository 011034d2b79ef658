"""The PDF report: its content in both languages, embedded fonts, the download views and render_report."""

import gc
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from reports import pdf
from reports.benchmarks import Benchmark, BenchmarkOutcome, PeerGroup, Stats
from reports.metrics import metric_value
from reports.results import assessment_results
from tests.factories import MembershipFactory, in_turn, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_submitted(default_bank, member):
    """On the default bank: eight dimensions, forty questions."""
    return submit(member.organization, default_bank, in_turn(default_bank), by=member.user)


@pytest.fixture
def small_submitted(bank, member):
    """On the small two-dimension bank: quicker to render where the content does not matter."""
    return submit(member.organization, bank, in_turn(bank), by=member.user)


def poppler(data: bytes, tmp_path, tool: str, *after: str) -> str:
    """What a poppler-utils tool prints about the PDF."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, str(path), *after], check=True, capture_output=True, text=True).stdout


def text_of(data: bytes, tmp_path) -> str:
    """The PDF's text with all whitespace removed, so that wrapped names are found whole."""
    return "".join(poppler(data, tmp_path, "pdftotext", "-").split())


def page_count(data: bytes, tmp_path) -> int:
    info = poppler(data, tmp_path, "pdfinfo")
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def compact(text: str) -> str:
    return "".join(text.split())


# Content and fonts


def test_a_japanese_report_embeds_a_japanese_font_and_names_every_dimension(
    large_submitted, default_bank, tmp_path
):
    data = pdf.report_for_assessment(large_submitted, "ja")
    assert data.startswith(b"%PDF")

    fonts = poppler(data, tmp_path, "pdffonts").splitlines()[2:]
    assert fonts, "the PDF uses no font"
    cjk = [line for line in fonts if "NotoSansCJK" in line.replace("-", "")]
    assert cjk and all(" CID " in line for line in cjk)
    # Every font is embedded: the "emb" column (after type and encoding) says yes.
    assert all(line.split()[-5] == "yes" for line in fonts), fonts

    text = text_of(data, tmp_path)
    assert compact(large_submitted.organization.name) in text
    with translation.override("ja"):
        names = [dimension.name for dimension in default_bank.dimensions.all()]
    assert len(names) == 8
    for name in names:
        assert compact(name) in text, name
    assert page_count(data, tmp_path) >= 5


def test_an_english_report_names_every_dimension_in_english(large_submitted, default_bank, tmp_path):
    data = pdf.report_for_assessment(large_submitted, "en")
    text = text_of(data, tmp_path)
    with translation.override("en"):
        for dimension in default_bank.dimensions.all():
            assert compact(dimension.name) in text, dimension.name
    with translation.override("ja"):
        japanese = default_bank.dimensions.first().name
    assert compact(japanese) not in text
    assert "Executivesummary" in text and "Roadmap" in text and "Appendix" in text


def test_the_report_shows_answers_comments_and_the_plan(small_submitted, tmp_path):
    text = text_of(pdf.report_for_assessment(small_submitted, "en"), tmp_path)
    assert "Evidenceforstrategy.vision" in text  # a comment, in the appendix
    assert "Howmatureisstrategy.vision?" in text  # a question's text
    assert "Improvestrategy" in text  # a recommendation of the plan
    assert "Nowthenext3months" in text  # the roadmap's first phase, with its time frame
    assert "Notapplicable" in text  # the N/A answer


def peers(median: str = "2.55", rank: str = "62.5") -> Stats:
    return Stats(
        n=12,
        mean=Decimal("2.61"),
        median=Decimal(median),
        p25=Decimal("2.10"),
        p75=Decimal("3.05"),
        percentile_rank=Decimal(rank),
    )


def among_demonstration_peers(overall: Stats, dimensions: dict) -> BenchmarkOutcome:
    """Twelve peers in retail in Japan, of every size (the size band dropped), with demonstration data."""
    group = PeerGroup(industry="retail", size_band=None, country="JP", n=12)
    benchmark = Benchmark(
        group=group, demo=True, overall=overall, dimensions=dimensions, widened=("size_band",)
    )
    return BenchmarkOutcome(benchmark=benchmark, reason=None)


def test_the_report_shows_a_benchmark_customer_metrics_and_branding_when_given(small_submitted, tmp_path):
    benchmark = among_demonstration_peers(peers("2.55"), {"strategy": peers("2.47"), "voc": None})
    metrics = [
        # NPS: 80 promoters (10) and 50 detractors (0) of 250, +12; CSAT: 157 of 200 gave 4 or 5, 78.5 %.
        metric_value("nps", [50, 0, 0, 0, 0, 0, 0, 0, 120, 0, 80]),
        metric_value("csat", [10, 13, 20, 100, 57]),
    ]
    logo = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
    data = pdf.render_report(
        lambda: assessment_results(small_submitted),
        language="en",
        benchmark=benchmark,
        metrics=metrics,
        branding=pdf.Branding("Example Consulting", logo=logo),
    )
    text = text_of(data, tmp_path)
    assert compact("Retail and e-commerce · all sizes · Japan") in text
    assert "2.55" in text and "2.47" in text and "62.5" in text
    assert "demonstrationdata" in text
    assert "NPS" in text and "+12" in text and "78.5%" in text and "250responses" in text
    assert "Customermetrics" in text
    assert "PreparedbyExampleConsulting" in text


@pytest.mark.parametrize(
    ("rank", "sentence"),
    [
        ("0", "Theoverallscoreof{score}isbelowall12peersinthegroup"),
        ("100", "Theoverallscoreof{score}isaboveall12peersinthegroup"),
        ("62.5", "Theoverallscoreof{score}hasapercentilerankof62.5amongthe12peersinthegroup"),
    ],
)
def test_the_summary_says_where_the_score_stands_in_plain_words(small_submitted, tmp_path, rank, sentence):
    benchmark = among_demonstration_peers(peers("2.55", rank), {"strategy": None, "voc": None})
    view = assessment_results(small_submitted)
    text = text_of(pdf.render_report(view, language="en", benchmark=benchmark), tmp_path)
    assert sentence.format(score=f"{view.score:.2f}") in text
    assert "percentilerankamong12peers" in text  # the summary's figure, instead of the percent
    # Demonstration peers are disclosed on the cover, in the summary and beside the peer chart.
    assert "Thepeercomparisoninthisreportincludesdemonstrationdata" in text
    assert text.count("Includesdemonstrationdata.") == 2
    assert "made-uporganizations" in text


def test_the_report_gives_the_reason_when_there_is_no_benchmark(small_submitted, tmp_path):
    outcome = BenchmarkOutcome(
        benchmark=None, reason="Fewer than 5 other organizations have results on this question bank."
    )
    text = text_of(
        pdf.render_report(assessment_results(small_submitted), language="en", benchmark=outcome), tmp_path
    )
    assert compact(outcome.reason) in text
    assert "Customermetrics" not in text


def test_the_roadmap_cuts_the_plan_into_thirds():
    phases = pdf.roadmap(list(range(1, 11)))
    assert [phase.key for phase in phases] == ["now", "next", "later"]
    assert [list(phase.entries) for phase in phases] == [[1, 2, 3, 4], [5, 6, 7], [8, 9, 10]]
    assert [len(phase.entries) for phase in pdf.roadmap([1, 2])] == [1, 1, 0]
    assert [len(phase.entries) for phase in pdf.roadmap([])] == [0, 0, 0]


def test_what_held_a_dimension_back_are_its_lowest_answers_below_the_target(small_submitted):
    view = assessment_results(small_submitted)
    sections = {section.dimension.code: section for section in pdf.dimension_sections(view, {})}
    assert list(sections) == ["strategy", "voc"]
    # strategy 1.75 (vision at 1, budget at 2.5) short of level 2's 1.8; voc 3.00 (metrics) short of 3.4.
    assert [[answer.score for answer in section.held_back] for section in sections.values()] == [
        [Decimal("1.00")],
        [Decimal("3.00")],
    ]
    for section in sections.values():
        target = section.dimension.target.min_score
        scores = [answer.score for answer in section.held_back]
        assert all(score < target for score in scores)
        assert scores == sorted(scores)
        assert len(scores) <= pdf.HELD_BACK


# Views


def test_anonymous_visitors_are_sent_to_log_in(client, small_submitted):
    url = reverse("results_pdf", args=[small_submitted.public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_organization_gets_404(client, small_submitted):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("results_pdf", args=[small_submitted.public_id])).status_code == 404


def test_an_assessment_in_progress_has_no_report(member_client, assessment):
    assert member_client.get(reverse("results_pdf", args=[assessment.public_id])).status_code == 404


def test_a_member_downloads_the_pdf(member_client, small_submitted):
    response = member_client.get(reverse("results_pdf", args=[small_submitted.public_id]) + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cx-maturity-report-{small_submitted.public_id}-en.pdf"'
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("query", "accept_language", "language"),
    [
        ("?lang=ja", "en", "ja"),
        ("?lang=en", "ja", "en"),
        ("", "ja", "ja"),
        ("?lang=fr", "en", "en"),
        ("", "en", "en"),
    ],
)
def test_the_language_comes_from_lang_or_else_the_request(
    client, member, small_submitted, tmp_path, query, accept_language, language
):
    client.force_login(member.user)
    response = client.get(
        reverse("results_pdf", args=[small_submitted.public_id]) + query,
        headers={"accept-language": accept_language},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{language}.pdf"')
    text = text_of(response.content, tmp_path)
    japanese, english = "エグゼクティブサマリー" in text, "Executivesummary" in text
    assert (japanese, english) == (language == "ja", language == "en")


@pytest.mark.parametrize("enabled", [True, False])
def test_rendering_leaves_the_garbage_collector_as_it_found_it(enabled):
    """WeasyPrint runs with the collector paused (reports.pdf.render_pdf); a caller's setting survives it."""
    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        rendered = pdf.render_pdf("<p>x</p>")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert rendered.pages == 1 and rendered.data.startswith(b"%PDF")


def test_the_html_is_built_in_the_report_language(small_submitted):
    japanese = pdf.assessment_report_html(small_submitted, "ja")
    english = pdf.assessment_report_html(small_submitted, "en")
    assert '<html lang="ja">' in japanese and "Strategy（日本語）" in japanese
    assert '<html lang="en">' in english and "Strategy（日本語）" not in english
    assert 'font-family: "Noto Sans CJK JP"' in japanese
    assert 'font-family="Noto Sans CJK JP"' in japanese  # the charts too


def test_the_report_queries_do_not_grow_with_the_bank(
    member_client, member, bank, default_bank, django_assert_num_queries
):
    small = submit(member.organization, bank, in_turn(bank), by=member.user)
    large = submit(member.organization, default_bank, in_turn(default_bank), by=member.user)
    # The session, the user, the assessment with its organization, bank and result; the benchmark's dimension
    # scores, the bank's levels (the level bands of a small group) and peer group sizes (no peers here, so no
    # histogram); the customer metrics; the results view's dimension results, levels, answers, their options,
    # evidence files, recommendations and previous assessment; the PDF download throttle's window: its read,
    # then the cache's row count, a savepoint around the read and the insert of its row; the PDF from the
    # cache (downloaded a first time before, which rendered and stored it).
    for assessment in (small, large):
        member_client.get(reverse("results_pdf", args=[assessment.public_id]))
        with django_assert_num_queries(21):
            response = member_client.get(reverse("results_pdf", args=[assessment.public_id]))
        assert response.status_code == 200


def test_an_unchanged_report_comes_from_the_cache(
    member_client, member, small_submitted, tmp_path, monkeypatch
):
    rendered = []
    render = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html: rendered.append(html) or render(html))
    url = reverse("results_pdf", args=[small_submitted.public_id])
    first = member_client.get(url + "?lang=en").content
    assert member_client.get(url + "?lang=en").content == first
    assert len(rendered) == 1  # the second download was the cached PDF
    member_client.get(url + "?lang=ja")
    assert len(rendered) == 2  # another language is another HTML
    # What the report shows around the result changes: the HTML, hence the key, changes with it.
    member.organization.name = "Renamed Company"
    member.organization.save()
    renamed = member_client.get(url + "?lang=en").content
    assert len(rendered) == 3 and renamed != first
    assert "RenamedCompany" in text_of(renamed, tmp_path)


def test_the_sample_pdf_is_public(client, bank):
    response = client.get(reverse("sample_pdf") + "?lang=ja")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cx-maturity-sample-report-ja.pdf"'
    assert response.content.startswith(b"%PDF")
    assert "public" in response["Cache-Control"]


def test_the_sample_pdf_is_404_without_a_published_bank(client, db):
    assert client.get(reverse("sample_pdf")).status_code == 404


# The command


def test_render_report_writes_the_pdf(small_submitted, tmp_path, capsys):
    output = tmp_path / "written.pdf"
    call_command("render_report", small_submitted.public_id, "--lang", "en", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    printed = capsys.readouterr().out
    assert str(output) in printed
    assert f"({page_count(output.read_bytes(), tmp_path)} pages)" in printed


def test_render_report_speaks_the_language_of_the_report(small_submitted, tmp_path, capsys):
    output = tmp_path / "written.pdf"
    call_command("render_report", small_submitted.public_id, "--lang", "ja", "--output", str(output))
    assert "ページ" in capsys.readouterr().out


def test_render_report_refuses_an_unknown_or_unsubmitted_id(assessment, tmp_path):
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="No assessment nope"):
        call_command("render_report", "nope", "--output", str(output))
    with pytest.raises(CommandError, match="not submitted"):
        call_command("render_report", assessment.public_id, "--output", str(output))
    assert not output.exists()
