"""The questionnaire's hot path, measured against references in one run: saving one answer (an htmx
autosave) and a dimension's page of five questions.

    .venv/bin/python scripts/benchmark_hotpath.py [--reference 25185e6] [--runs 200] [--seconds 10]
        [--connections 4] [--conn-max-age 60]

Run it as root. It starts a throw-away PostgreSQL cluster through ``scripts/with-postgres`` (fsync on) and
measures, in this order:

1. in process, through Django's test client (``scripts/hotpath_tasks.py time``): the median of ``--runs``
   autosaves and of ``--runs`` GETs of the page, with their queries, for this checkout and for the
   ``--reference`` commit (checked out into ``var/bench/reference``, a git worktree: the code before the hot
   path's work), each on a database of its own; and the same work in django-survey-and-report
   (``benchmark_peer_survey.py``: its own Django 5.2 virtualenv and database), whose one POST answers 40
   questions and whose page shows five;
2. served by gunicorn with 2 sync workers (``CXM_ENV=development``, ``DEBUG=false``, as the workshop
   benchmark), loaded for ``--seconds`` by ``wrk`` with ``--connections`` connections and a logged-in
   session's cookie: the page of the reference commit, of this checkout, the same page's HTML served as a
   constant by this checkout's gunicorn (``scripts/hotpath_wsgi.py``: what gunicorn and WSGI cost without
   Django), and the peer's page.

Every figure comes with a check: each autosave answers 200 and the last is stored, each page shows its five
questions, wrk's responses are all 200.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from benchmark_peer_survey import PeerSurvey
from load_servers import IN_CLUSTER, favicon, free_port, in_private_cluster, stop

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
REFERENCE = "25185e6"  # main before the hot path's work: 16 queries an autosave, the bank read on every page
REQUESTS = re.compile(r"Requests/sec:\s+([\d.]+)")
LATENCY = re.compile(r"50%\s+([\d.]+)(us|ms|s)\b")
NOT_OK = re.compile(r"Non-2xx or 3xx responses: (\d+)")
SCALE = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=REFERENCE, help=f"the commit compared (default {REFERENCE})")
    parser.add_argument(
        "--runs", type=int, default=200, help="in-process requests of each kind (default 200)"
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per server (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's connections (default 4)")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE of every server (default 60)"
    )
    return parser.parse_args()


def database_url(name: str) -> str:
    """A database of this name, made afresh on the cluster's server."""
    import psycopg
    from psycopg import sql

    server = os.environ["DATABASE_URL"]
    with psycopg.connect(server, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    return urlsplit(server)._replace(path=f"/{name}").geturl()


class Tree:
    """A code tree of the app (this checkout or the reference worktree) on a database of its own."""

    def __init__(self, name: str, path: Path, database: str, arguments):
        self.name, self.path, self.arguments = name, path, arguments
        self.environment = {
            **os.environ,
            "DATABASE_URL": database,
            "CXM_ENV": "development",
            "DEBUG": "false",
            "DATABASE_CONN_MAX_AGE": str(arguments.conn_max_age),
            "PYTHONPATH": str(path),
        }

    def task(self, *arguments: str) -> dict:
        command = [sys.executable, str(ROOT / "scripts" / "hotpath_tasks.py"), str(self.path), *arguments]
        done = subprocess.run(command, env=self.environment, capture_output=True, text=True, cwd=self.path)
        if done.returncode:
            raise SystemExit(f"{self.name}: hotpath_tasks.py {' '.join(arguments)} failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().rsplit("\n", 1)[-1])

    def serve(self, port: int, constant: Path | None = None) -> subprocess.Popen:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        application = "hotpath_wsgi:application" if constant else "cxmaturity.wsgi"
        command = [
            gunicorn,
            application,
            f"--pythonpath={self.path},{ROOT / 'scripts'}",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ]
        environment = {**self.environment, "CXM_CONSTANT_HTML": str(constant or "")}
        log = (WORK / f"gunicorn-{self.name}.log").open("wb")
        server = subprocess.Popen(
            command, cwd=self.path, env=environment, stdout=log, stderr=log, start_new_session=True
        )
        wait_until_up(server, port)
        return server


def wait_until_up(server: subprocess.Popen, port: int) -> None:
    import time

    deadline = time.monotonic() + 60
    while favicon(port)[0] == 0:
        if server.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise SystemExit(f"gunicorn on port {port} did not start (logs in {WORK})")
        time.sleep(0.2)


def reference_tree(commit: str) -> Path:
    """The reference commit checked out beside this one, with its translations compiled."""
    path = WORK / "reference"
    if not (path / ".git").exists():
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        subprocess.run(
            ["git", "worktree", "add", "--force", "--detach", str(path), commit], cwd=ROOT, check=True
        )
    else:
        subprocess.run(["git", "checkout", "--quiet", "--detach", commit], cwd=path, check=True)
    manage = [sys.executable, "manage.py", "compilemessages", "--ignore", ".venv", "--ignore", "node_modules"]
    subprocess.run(manage, cwd=path, check=True, capture_output=True)
    return path


def load(port: int, path: str, cookies: dict, arguments) -> dict:
    """wrk against the page: requests a second and median latency; every response must be a 200."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    command = [
        "wrk",
        "--latency",
        "-t1",
        f"-c{arguments.connections}",
        f"-d{arguments.seconds}s",
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output, path)


def parse_wrk(output: str, path: str) -> dict:
    """Requests a second and the median latency in milliseconds from wrk's report; every response must have
    been a 200 (wrk reports the others as "Non-2xx or 3xx responses")."""
    failed = NOT_OK.search(output)
    if failed:
        raise SystemExit(f"{failed.group(1)} responses were not 200 for {path}:\n{output}")
    latency = LATENCY.search(output)
    return {
        "rps": float(REQUESTS.search(output).group(1)),
        "p50_ms": round(float(latency.group(1)) * SCALE[latency.group(2)], 2),
    }


def serve_and_load(tree: Tree, arguments, constant: bool = False) -> dict:
    opened = tree.task("session")
    port = free_port()
    page = WORK / f"page-{tree.name}.html"
    page.write_text(opened["html"])
    server = tree.serve(port, constant=page if constant else None)
    try:
        return load(port, "/__constant__/" if constant else opened["path"], opened["cookies"], arguments)
    finally:
        stop(server)


def main() -> None:
    if not os.environ.get(IN_CLUSTER):
        in_private_cluster(__file__)
    arguments = parse_arguments()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
    WORK.mkdir(parents=True, exist_ok=True)
    trees = [
        Tree(
            "reference", reference_tree(arguments.reference), database_url("cxm_hotpath_reference"), arguments
        ),
        Tree("now", ROOT, database_url("cxm_hotpath_now"), arguments),
    ]
    peer = PeerSurvey(WORK / "peer", os.environ["DATABASE_URL"])
    peer.install()
    peer.prepare()

    print(f"In process, through Django's test client: medians of {arguments.runs}", flush=True)
    timed = {}
    for tree in trees:
        tree.task("seed")
        timed[tree.name] = tree.task("time", str(arguments.runs))
    timed["peer"] = peer.inprocess(max(5, arguments.runs // 20))
    print_in_process(timed, arguments)

    print(f"\nServed by gunicorn, 2 sync workers, wrk {arguments.connections} connections", flush=True)
    served = {tree.name: serve_and_load(tree, arguments) for tree in trees}
    served["constant"] = serve_and_load(trees[1], arguments, constant=True)
    port = free_port()
    server, path, cookies = peer.serve(port)
    try:
        served["peer"] = load(port, path, cookies, arguments)
    finally:
        stop(server)
    print_served(served, arguments)


def print_in_process(timed: dict, arguments) -> None:
    reference, now, peer = timed["reference"], timed["now"], timed["peer"]
    rows = [
        ("autosave, ms", reference["autosave_ms"], now["autosave_ms"]),
        ("autosave, queries", reference["autosave_queries"], now["autosave_queries"]),
        ("dimension page (5 questions), ms", reference["page_ms"], now["page_ms"]),
        ("dimension page, queries", reference["page_queries"], now["page_queries"]),
    ]
    print(f"| | reference {arguments.reference} | now | now ÷ reference |")
    print("| --- | --- | --- | --- |")
    for label, before, after in rows:
        print(f"| {label} | {before} | {after} | {after / before:.2f} |")
    post, page = peer["post"], peer["page"]
    print(
        f"| peer {peer['versions']['django-survey-and-report']}: one POST of {post['answers']} answers"
        f" | {post['ms']} ms = {post['ms_per_answer']} ms an answer, {post['queries']} queries | | |"
    )
    print(
        f"| peer: a page of {page['questions']} questions | {page['ms']} ms ="
        f" {page['ms_per_question']} ms a question, {page['queries']} queries | | |"
    )


def print_served(served: dict, arguments) -> None:
    labels = {
        "reference": f"dimension page, reference {arguments.reference}",
        "now": "dimension page, now",
        "constant": "the same page's HTML as a constant (same gunicorn, no Django)",
        "peer": "peer: its 5-question page",
    }
    print("| | requests/s | median latency, ms |")
    print("| --- | --- | --- |")
    for name, label in labels.items():
        print(f"| {label} | {served[name]['rps']:.0f} | {served[name]['p50_ms']} |")
    print(f"now ÷ reference: {served['now']['rps'] / served['reference']['rps']:.2f} × the requests a second")


if __name__ == "__main__":
    main()
