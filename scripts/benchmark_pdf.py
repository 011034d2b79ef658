"""How long a PDF report takes: the project's whole path against WeasyPrint alone on the same HTML.

    .venv/bin/python scripts/benchmark_pdf.py [--runs 10] [--lang ja] [--organizations 12]

Sets up a throw-away SQLite database in a temporary directory (migrations, the default bank, demonstration
organizations so that the report has peers), then renders one organization's report ``--runs`` times
(``reports.pdf.report_for_assessment``: queries, benchmark, metrics, template and WeasyPrint) and, interleaved
with it so that both see the same load, WeasyPrint alone on that report's HTML. The difference of the medians
is the project's overhead. Target: a median under 1.5 s per report.
"""

import argparse
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="reports to time (default 10)")
    parser.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="the report's language (default ja)"
    )
    parser.add_argument(
        "--organizations", type=int, default=12, help="demonstration organizations to seed (default 12)"
    )
    arguments = parser.parse_args()
    if arguments.runs < 1 or arguments.organizations < 1:
        parser.error("--runs and --organizations must be at least 1")
    return arguments


def setup_django(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/benchmark.sqlite3"  # never the project's database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxmaturity.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(organizations: int):
    """The latest submitted assessment among freshly seeded demonstration organizations."""
    from django.core.management import call_command

    from assessments.banks import load_default_bank
    from assessments.models import Assessment

    call_command("migrate", verbosity=0)
    load_default_bank()
    call_command("seed_demo", organizations=organizations, seed=1, stdout=io.StringIO())
    return (
        Assessment.objects.with_result()
        .select_related("organization", "bank", "result")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def timed(function) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of a call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def weasyprint_alone(html: str) -> bytes:
    """WeasyPrint as its documentation calls it, then the collection of the garbage it left, which the
    project's path (``reports.pdf.render_pdf``) also does and pays for."""
    import weasyprint

    data = weasyprint.HTML(string=html).write_pdf()
    gc.collect()
    return data


def main() -> None:
    arguments = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="cxm-benchmark-pdf-") as directory:
        setup_django(directory)
        from django.db import connections

        from reports.pdf import assessment_report_html, render_pdf, report_for_assessment

        assessment = seed(arguments.organizations)
        language = arguments.lang
        html = assessment_report_html(assessment, language)
        first, _cpu, warm_up = timed(lambda: render_pdf(html))  # loads fonts and WeasyPrint's caches

        # Interleaved, so that a busy machine slows both alike.
        report_wall, report_cpu, alone_wall, alone_cpu = [], [], [], []
        for _run in range(arguments.runs):
            gc.collect()  # each timed call starts from a clean heap
            wall, cpu, data = timed(lambda: report_for_assessment(assessment, language))
            report_wall.append(wall)
            report_cpu.append(cpu)
            gc.collect()
            wall, cpu, _data = timed(lambda: weasyprint_alone(html))
            alone_wall.append(wall)
            alone_cpu.append(cpu)
        connections.close_all()

    median = statistics.median
    print(
        f"PDF report, {arguments.runs} runs, {'Japanese' if language == 'ja' else 'English'}: "
        f"{assessment.organization.name}, {warm_up.pages} pages, {len(data) // 1024} KB "
        f"(first render, loading fonts: {first:.2f} s)"
    )
    print()
    print(f"{'seconds per PDF':34}{'median':>8}{'min':>8}{'max':>8}{'CPU':>8}")
    rows = (
        ("report (report_for_assessment)", report_wall, report_cpu),
        ("WeasyPrint alone, same HTML", alone_wall, alone_cpu),
    )
    for label, walls, cpus in rows:
        print(f"{label:34}{median(walls):>8.3f}{min(walls):>8.3f}{max(walls):>8.3f}{median(cpus):>8.3f}")
    overhead_wall = median(report_wall) - median(alone_wall)
    overhead_cpu = median(report_cpu) - median(alone_cpu)
    print(f"{'project overhead (difference)':34}{overhead_wall:>8.3f}{'':16}{overhead_cpu:>8.3f}")
    print()
    verdict = "met" if median(report_wall) < TARGET_SECONDS else "NOT met"
    print(
        f"Target, a median under {TARGET_SECONDS} s per report: {verdict}. "
        f"(CPU is this process's own time; wall-clock time also counts other processes' load.)"
    )


if __name__ == "__main__":
    main()
