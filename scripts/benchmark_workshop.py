"""How a live workshop holds up when its participants answer at once: N phones against gunicorn on PostgreSQL,
with references timed in the same run.

    .venv/bin/python scripts/benchmark_workshop.py [--participants 50] [--workers 3] [--threads 1]
        [--think 0] [--poll 2] [--runs 1] [--conn-max-age 0]

Run it as root. It starts its own throw-away PostgreSQL cluster through ``scripts/with-postgres``
(``initdb`` and ``pg_ctl`` as the ``postgres`` user), with fsync on as a production database runs, migrates a
fresh database, loads the default bank (40 questions in 8 dimensions) and creates a consultant with a client.
Then it starts ``gunicorn cxmaturity.wsgi`` on a free port of 127.0.0.1 with ``--workers`` sync workers
(gthread workers with ``--threads`` above 1), with ``CXM_ENV=development`` and ``DEBUG=false``: DEBUG off as
in production (no query log, no debug pages); production differs only in what HTTPS needs (secure cookies,
which these plain-HTTP clients could not send back, the SSL redirect, HSTS) and in the manifest storage of
static files, which the phones do not load.

Each run, in a workshop of its own:

1. reference: one participant alone (in another workshop) answers the 40 questions, page by page: how long an
   autosave takes without contention at this moment of the machine's speed;
2. N participants (threads of this process, each a ``tests.workshop_browsers.Browser`` with its own
   cookies) join through the form, wait until all have joined, and answer every question page by page: one
   autosave POST per answer, after a think time drawn from 0 to 2 × ``--think`` seconds (0: the next answer as
   soon as the last is saved, which keeps the server saturated: far more than a room of people). Meanwhile the
   facilitator, logged in through the form, loads the facilitator page every ``--poll`` seconds, and a probe
   asks for ``/favicon.ico`` (a redirect: no database, no template) every 0.25 s: how long any request waits
   for a free worker under the same load;
3. the database is counted: participants, answer rows, and each answer against what its phone posted.

It prints the errors (count and kinds, with the server's exceptions), the answers stored against those
expected, the throughput, and the latencies in milliseconds beside the references; it exits with 1 if any
request failed or any answer is missing or wrong. gunicorn and the cluster stop at the end, also on an error
or Ctrl-C.
"""

import argparse
import os
import platform
import re
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from load_servers import (
    IN_CLUSTER,
    CpuUse,
    every,
    favicon,
    free_port,
    in_private_cluster,
    postmaster,
    start_gunicorn,
    stop,
)

ROOT = Path(__file__).resolve().parent.parent
PROBE_EVERY = 0.25
FACILITATOR = "facilitator@example.com"
EXCEPTION_LINE = re.compile(r"^((?:[a-z_]\w*\.)*[A-Z]\w*)(?:: |$)")  # psycopg.errors.DeadlockDetected: …


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=50, help="phones answering at once (default 50)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker; above 1: gthread (default 1)"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a participant thinks before each answer (default 0)",
    )
    parser.add_argument(
        "--poll", type=float, default=2.0, help="seconds between facilitator page loads (default 2)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs, each in a fresh workshop (default 1)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="DATABASE_CONN_MAX_AGE of the app servers (default 0, as set)",
    )
    arguments = parser.parse_args()
    if min(arguments.participants, arguments.workers, arguments.threads, arguments.runs) < 1:
        parser.error("--participants, --workers, --threads and --runs must be at least 1")
    if arguments.think < 0 or arguments.poll <= 0 or arguments.conn_max_age < 0:
        parser.error("--think and --conn-max-age cannot be negative, and --poll must be positive")
    return arguments


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxmaturity.settings"
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Site:
    bank: object
    questions: list  # tests.workshop_browsers.Question, in bank order
    client: object
    consultant: object
    password: str

    def workshop(self, title: str):
        from assessments.services import workshop_start

        return workshop_start(
            client=self.client, bank=self.bank, title=title, date=date.today(), by=self.consultant
        )


def seed() -> Site:
    """A fresh database with the default bank, and a consultant with a client to run workshops for."""
    from django.core.management import call_command

    from assessments.banks import load_default_bank
    from assessments.models import Organization, User
    from assessments.services import consultancy_create
    from tests.workshop_browsers import bank_questions

    call_command("migrate", verbosity=0)
    bank = load_default_bank()
    password = secrets.token_urlsafe(16)
    consultant = User.objects.create_user(FACILITATOR, password, name="Facilitator")
    consultancy = consultancy_create(name="Benchmark Consulting", user=consultant)
    client = Organization.objects.create(
        name="Benchmark Client",
        industry=Organization.Industry.RETAIL,
        size_band=Organization.SizeBand.MEDIUM,
        country="JP",
        consultancy=consultancy,
    )
    return Site(bank, bank_questions(bank), client, consultant, password)


def answer_everything(phone, code: str, questions, number: int, think: float, stopping=None) -> None:
    """Answer every question page by page, as a participant's phone does after joining (which led to the first
    page), thinking before each answer; stop early once ``stopping`` is set."""
    from tests.workshop_browsers import choice_for

    stopping = stopping or threading.Event()
    thinking = Random(number)
    dimension = questions[0].dimension
    for position, question in enumerate(questions):
        if question.dimension != dimension:
            dimension = question.dimension
            phone.open_dimension(code, dimension)
        if think:
            stopping.wait(thinking.uniform(0, 2 * think))
        if stopping.is_set():
            return
        phone.answer(code, question, choice_for(number, position, question))


@dataclass
class Run:
    participants: int
    questions: int
    seconds: float  # from the moment all had joined to the last answer
    exchanges: dict[str, list]  # kind → Exchange
    probes: list[tuple[int, float]]
    solo: list  # the lone participant's exchanges
    joined: int
    stored: int
    as_posted: int
    load: tuple[float, float]
    cpu: CpuUse


@dataclass(frozen=True)
class Servers:
    url: str
    port: int
    gunicorn: int  # the arbiter's process id
    postgres: int  # the postmaster's


def run_once(arguments, site: Site, servers: Servers, number: int) -> Run:
    from assessments.models import Participant
    from tests.workshop_browsers import Browser, choice_for, stored_choices

    questions = site.questions
    alone = site.workshop(f"Benchmark run {number}, one participant")
    url, port = servers.url, servers.port
    solo = Browser(url)
    solo.join(alone.join_code, "Alone")
    answer_everything(solo, alone.join_code, questions, 0, 0)

    workshop = site.workshop(f"Benchmark run {number}")
    code = workshop.join_code
    facilitator = Browser(url)
    page = f"/workshops/{workshop.assessment.public_id}/"
    facilitator.log_in(FACILITATOR, site.password, then=page)
    all_joined = threading.Barrier(arguments.participants + 1)
    done = threading.Event()  # the phones have answered: the facilitator and the probe stop
    stopping = threading.Event()  # Ctrl-C or an error: the phones stop
    probes: list[tuple[int, float]] = []
    load_before = os.getloadavg()[0]

    def participate(number: int):
        phone = Browser(url, language="ja" if number % 2 else "en")
        try:
            phone.join(code, f"Participant {number}")
            all_joined.wait()
            answer_everything(phone, code, questions, number, arguments.think, stopping)
        except BaseException:
            all_joined.abort()
            raise
        return phone

    with ThreadPoolExecutor(max_workers=arguments.participants + 2) as pool:
        try:
            crowd = [pool.submit(participate, n) for n in range(arguments.participants)]
            all_joined.wait()
            started = time.perf_counter()
            cpu_before = CpuUse.measure(servers.gunicorn, servers.postgres)
            watchers = [
                pool.submit(
                    every, arguments.poll, done, lambda: facilitator.request("facilitator page", page)
                ),
                pool.submit(every, PROBE_EVERY, done, lambda: probes.append(favicon(port))),
            ]
            phones = [future.result() for future in crowd]
            seconds = time.perf_counter() - started
            cpu = CpuUse.between(cpu_before, CpuUse.measure(servers.gunicorn, servers.postgres))
            done.set()
            for watcher in watchers:
                watcher.result()
        except BaseException:  # before the pool waits for its threads, make them stop
            stopping.set()
            done.set()
            all_joined.abort()
            raise

    exchanges: dict[str, list] = {}
    for browser in [*phones, facilitator]:
        for exchange in browser.exchanges:
            exchanges.setdefault(exchange.kind, []).append(exchange)
    stored = stored_choices(workshop.assessment)
    expected = {
        (f"Participant {n}", question.code): choice_for(n, position, question)
        for n in range(arguments.participants)
        for position, question in enumerate(questions)
    }
    return Run(
        participants=arguments.participants,
        questions=len(questions),
        seconds=seconds,
        exchanges=exchanges,
        probes=probes,
        solo=solo.exchanges,
        joined=Participant.objects.filter(assessment=workshop.assessment).count(),
        stored=len(stored),
        as_posted=sum(stored.get(key) == choice for key, choice in expected.items()),
        load=(load_before, os.getloadavg()[0]),
        cpu=cpu,
    )


def figures(seconds: list[float]) -> str:
    """n, p50, p95 and max in milliseconds."""
    if not seconds:
        return f"{0:>7}"
    ms = sorted(s * 1000 for s in seconds)
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else ms[0]
    return f"{len(ms):>7}{statistics.median(ms):>8.0f}{p95:>8.0f}{ms[-1]:>8.0f}"


def server_exceptions(log) -> Counter:
    """The kinds of exception in the server's log (Django logs each 500 with its traceback)."""
    log.seek(0)
    kinds = Counter()
    for line in log.read().decode(errors="replace").splitlines():
        found = EXCEPTION_LINE.match(line)
        if found:
            kinds[found.group(1)] += 1
    return kinds


def report(run: Run, index: int, arguments, log) -> bool:
    """Print a run's figures; whether it lost nothing and failed nowhere."""
    everything = [exchange for exchanges in run.exchanges.values() for exchange in exchanges]
    failures = Counter((e.kind, e.status, e.gist) for e in everything if e.failed)
    failures.update((f"alone: {e.kind}", e.status, e.gist) for e in run.solo if e.failed)
    failures.update(("probe", status, "") for status, _seconds in run.probes if status != 301)
    expected = run.participants * run.questions

    def timings(kind: str) -> list[float]:
        return [e.seconds for e in run.exchanges.get(kind, []) if not e.failed]

    answers = timings("answer")
    print(
        f"Run {index} of {arguments.runs}: all {run.participants} joined, then answered in "
        f"{run.seconds:.1f} s (load average {run.load[0]:.1f} before, {run.load[1]:.1f} after)"
    )
    total = len(everything) + len(run.probes) + len(run.solo)
    if failures:
        print(f"  errors: {sum(failures.values())} of {total} requests")
        for (kind, status, gist), count in failures.most_common():
            print(f"    {count} × {kind}: {status or 'no response'} {gist}")
        for kind, count in server_exceptions(log).most_common():
            print(f"    server log: {count} × {kind}")
    else:
        print(f"  errors: none of {total} requests")
    print(
        f"  answers stored: {run.stored} of {expected} expected, {run.as_posted} as posted; "
        f"participants: {run.joined} of {run.participants}"
    )
    pages = len(timings("page"))
    print(
        f"  throughput: {len(answers) / run.seconds:.1f} answers/s "
        f"({(len(answers) + pages) / run.seconds:.1f}/s with the dimension pages)"
    )
    cpu, served = run.cpu, len(answers) + pages
    print(
        f"  CPU while they answered: app servers {cpu.app_servers:.1f} s "
        f"({cpu.app_servers / served * 1000:.1f} ms an answer or page), PostgreSQL {cpu.database:.1f} s, "
        f"these clients {cpu.clients:.1f} s; the machine {cpu.machine:.0f} s of {cpu.available:.0f}"
    )
    print()
    print(f"  {'milliseconds':52}{'n':>7}{'p50':>8}{'p95':>8}{'max':>8}")
    rows = [
        ("autosave", answers),
        ("dimension page", timings("page")),
        ("join page", timings("join page")),
        ("join (post, then the first page)", timings("join")),
        (f"facilitator page, every {arguments.poll:g} s", timings("facilitator page")),
        (f"reference: /favicon.ico every {PROBE_EVERY:g} s, same load", [s for _status, s in run.probes]),
        (
            "reference: autosave of one participant alone",
            [e.seconds for e in run.solo if e.kind == "answer" and not e.failed],
        ),
    ]
    for label, seconds in rows:
        print(f"  {label:52}{figures(seconds)}")
    print()
    return not failures and run.stored == run.as_posted == expected and run.joined == run.participants


def main() -> None:
    arguments = parse_arguments()
    if not os.environ.get(IN_CLUSTER):
        in_private_cluster(__file__)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn on the way out
    setup_django()
    from django.db import connection

    site = seed()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()
    port = free_port()
    ok = True
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(arguments, port, log)
        try:
            database_port = connection.settings_dict["PORT"]
            servers = Servers(f"http://127.0.0.1:{port}", port, server.pid, postmaster(database_port))
            import gunicorn

            worker = f"{arguments.threads} threads (gthread)" if arguments.threads > 1 else "sync"
            print(
                f"{arguments.participants} participants × {len(site.questions)} questions (default bank), "
                f"think time {arguments.think:g} s; facilitator page every {arguments.poll:g} s"
            )
            print(
                f"gunicorn {gunicorn.__version__}: {arguments.workers} workers, {worker}, DEBUG off, "
                f"DATABASE_CONN_MAX_AGE={arguments.conn_max_age}; PostgreSQL {postgres} (fsync on); "
                f"Python {platform.python_version()}; {os.cpu_count()} CPUs, the clients on the same machine"
            )
            print()
            for index in range(1, arguments.runs + 1):
                ok = report(run_once(arguments, site, servers, index), index, arguments, log) and ok
        finally:
            stop(server)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print(
            "Interrupted: gunicorn stopped, and the cluster stops with scripts/with-postgres.",
            file=sys.stderr,
        )
        sys.exit(130)
