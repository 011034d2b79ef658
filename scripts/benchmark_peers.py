"""How long a benchmark takes among 10,000 peers, against plain reads of the same rows timed beside it.

    .venv/bin/python scripts/benchmark_peers.py [--runs 20]

Sets up a throw-away SQLite database in a temporary directory (migrations, the default bank, the small bank
of the tests) and adds the peers of ``tests/reports/test_benchmark_comparison.py`` with the same builder
(``tests.factories.add_10000_peers``): 10,000 peers on the default bank, 90,000 PeerScore rows, and 1,000
peers on the small bank beside them. Then it times ``reports.benchmarks.compare`` (two queries and the
statistics) for the full group of 2,000 peers and for a profile widened to all 10,000, and, interleaved with
it so that a busy machine slows all alike, two references on the same rows:

- the naive computation: every PeerScore row of the same group read into Python, then the same statistics;
- ``SELECT COUNT(*)`` of the default bank's PeerScore rows: the database's pace at going through them.

This machine's speed drifts, so read the benchmark's time against the references printed beside it. The
builder comes from the tests, so the script needs the test packages (``make test`` installs them).
"""

import argparse
import statistics
import tempfile
import time
from collections import Counter
from decimal import Decimal

from benchmark_pdf import setup_django  # scripts/ is on the path of a script run from it

SCORE = Decimal("2.75")
PROFILES = [
    ("full group of 2,000 peers", "retail", "50-249", "JP"),
    ("widened to all 10,000 peers", "other", "5000+", "FR"),
]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each (default 20)")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def seed():
    """The default bank with its 10,000 peers, as the test builds them."""
    from django.core.management import call_command
    from django.db import transaction

    from assessments.banks import import_bank, load_default_bank
    from tests.documents import bank_document
    from tests.factories import add_10000_peers

    call_command("migrate", verbosity=0)
    with transaction.atomic():  # one commit: SQLite syncs the file to disk on each
        default_bank = load_default_bank()
        add_10000_peers(default_bank, other_bank=import_bank(bank_document()))
    return default_bank


def naive(profile, scores):
    """The benchmark's statistics from every row of the group, counted in Python (no widening: the group of
    ``profile``'s filters, or every peer on the bank when the filters match nobody)."""
    from reports.benchmarks import dimension_signature
    from reports.benchmarks import statistics as peer_statistics
    from reports.models import PeerScore

    peers = PeerScore.objects.filter(
        bank_slug=profile.bank_slug, signature=dimension_signature(profile.dimension_codes)
    )
    group = peers.filter(industry=profile.industry, size_band=profile.size_band, country=profile.country)
    rows = list(group.values_list("key", "score")) or list(peers.values_list("key", "score"))
    counts: dict[str, Counter] = {}
    for key, score in rows:
        counts.setdefault(key, Counter())[score] += 1
    return {
        key: peer_statistics(sorted(counter.items()), scores.get(key, SCORE))
        for key, counter in counts.items()
    }


def count_rows(bank_slug):
    from reports.models import PeerScore

    return PeerScore.objects.filter(bank_slug=bank_slug).count()


def milliseconds(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    arguments = parse_arguments()
    with tempfile.TemporaryDirectory(prefix="cxm-benchmark-peers-") as directory:
        setup_django(directory)
        from django.db import connections

        from reports.benchmarks import Profile, compare

        started = time.perf_counter()
        bank = seed()
        seeded = time.perf_counter() - started
        codes = tuple(bank.dimensions.order_by("order").values_list("code", flat=True))
        scores = dict.fromkeys(codes, SCORE)
        rows = count_rows(bank.slug)

        calls = {}
        for name, industry, size_band, country in PROFILES:
            profile = Profile(bank.slug, codes, industry, size_band, country)
            # Both compute the same statistics (checked here), and this first run warms the database's cache.
            benchmark = compare(profile, SCORE, scores).benchmark
            if {"": benchmark.overall, **benchmark.dimensions} != naive(profile, scores):
                raise SystemExit(f"{name}: the naive computation disagrees with the benchmark")
            calls[name, "benchmark"] = lambda profile=profile: compare(profile, SCORE, scores)
            calls[name, "naive"] = lambda profile=profile: naive(profile, scores)
        calls["count"] = lambda: count_rows(bank.slug)
        timings: dict[object, list[float]] = {key: [] for key in calls}
        for _run in range(arguments.runs):  # interleaved, so that a busy spell slows all alike
            for key, call in calls.items():
                timings[key].append(milliseconds(call))
        connections.close_all()

    def row(label: str, key) -> str:
        values = timings[key]
        return f"{label:48}{statistics.median(values):>8.1f}{min(values):>8.1f}{max(values):>8.1f}"

    print(f"10,000 peers on the default bank ({rows:,} PeerScore rows), SQLite, {arguments.runs} runs")
    print(f"(adding the peers took {seeded:.1f} s)")
    print()
    print(f"{'milliseconds per call':48}{'median':>8}{'min':>8}{'max':>8}")
    for name, *_filters in PROFILES:
        print(name)
        print(row("  benchmark (compare: two queries, statistics)", (name, "benchmark")))
        print(row("  naive (every row of the group into Python)", (name, "naive")))
    print(row(f"SELECT COUNT(*) of those {rows:,} rows", "count"))
    print()
    median = {key: statistics.median(values) for key, values in timings.items()}
    for name, *_filters in PROFILES:
        benchmark = median[name, "benchmark"]
        print(
            f"{name}: the benchmark takes {benchmark / median['count']:.1f} × the COUNT(*) "
            f"and {benchmark / median[name, 'naive']:.2f} × the naive computation"
        )


if __name__ == "__main__":
    main()
