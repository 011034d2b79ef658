"""The processes around the workshop benchmark (scripts/benchmark_workshop.py): gunicorn started and stopped,
a free port, the do-nothing reference request, and the CPU that the app servers, PostgreSQL and the machine
used while the phones answered."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IN_CLUSTER = "CXM_BENCHMARK_IN_CLUSTER"  # set when scripts/with-postgres has started the cluster
# fsync on as in production (the tests' cluster turns it off); room for every worker's connection.
POSTGRES_OPTIONS = "-c fsync=on -c max_connections=200"


def in_private_cluster(script: str) -> None:
    """Run ``script`` (a benchmark, with this process's arguments) again inside ``scripts/with-postgres``,
    which stops the cluster however it ends."""
    if os.geteuid() != 0:
        raise SystemExit("Run it as root: the PostgreSQL cluster runs as the postgres user (runuser).")
    environment = {**os.environ, IN_CLUSTER: "1", "POSTGRES_OPTIONS": POSTGRES_OPTIONS}
    command = ["bash", str(ROOT / "scripts" / "with-postgres"), sys.executable, str(Path(script).resolve())]
    os.execvpe("bash", [*command, *sys.argv[1:]], environment)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def favicon(port: int) -> tuple[int, float]:
    """The status and seconds of a request that does no work (a redirect): the wait for a free worker."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/favicon.ico")
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


def start_gunicorn(arguments, port: int, log) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "cxmaturity.wsgi",
        f"--workers={arguments.workers}",
        f"--threads={arguments.threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    environment = {
        **os.environ,
        "CXM_ENV": "development",
        "DEBUG": "false",
        "DATABASE_CONN_MAX_AGE": str(arguments.conn_max_age),
        # Every phone joins from 127.0.0.1: the room may be larger than the join throttle allows one address.
        "CXM_THROTTLE_WORKSHOP_JOIN_ADDRESS": f"{arguments.participants + 10}/10m",
    }
    # A session of its own: Ctrl-C reaches this script, which stops gunicorn in order.
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while favicon(port)[0] != 301:
        if server.poll() is not None or time.monotonic() > deadline:
            stop(server)
            log.seek(0)
            raise SystemExit(f"gunicorn did not start:\n{log.read().decode(errors='replace')}")
        time.sleep(0.2)
    return server


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own process group: the arbiter and its workers
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants, live or exited (those it waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # it has just exited: its parent counts it
        return 0.0
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK") + sum(tree_cpu(int(child)) for child in children)


def postmaster(port: int) -> int:
    """The process id of the cluster's postmaster, found by its port among the machine's processes."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes()
        except OSError:
            continue
        if command.split(b"\0", 1)[0].endswith(b"/postgres") and f"\0-p\0{port}\0".encode() in command:
            return int(cmdline.parent.name)
    raise SystemExit(f"No PostgreSQL server on port {port}")


def machine_cpu() -> tuple[float, float]:
    """The whole machine's busy and total CPU seconds since it booted."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK"), sum(ticks) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuUse:
    """CPU seconds spent while the participants answered, by whom."""

    app_servers: float
    database: float
    clients: float  # this process: the phones, the facilitator, the probe
    machine: float  # every process of the machine, other people's too
    available: float  # CPUs × seconds

    @classmethod
    def measure(cls, gunicorn: int, database: int) -> tuple[float, ...]:
        return (tree_cpu(gunicorn), tree_cpu(database), time.process_time(), *machine_cpu())

    @classmethod
    def between(cls, before: tuple[float, ...], after: tuple[float, ...]) -> "CpuUse":
        return cls(*(end - start for start, end in zip(before, after, strict=True)))


def every(seconds: float, done: threading.Event, action) -> None:
    """Call ``action`` every ``seconds`` until ``done`` is set."""
    due = time.perf_counter()
    while not done.is_set():
        action()
        due += seconds
        done.wait(max(0.0, due - time.perf_counter()))
