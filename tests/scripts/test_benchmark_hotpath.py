"""scripts/benchmark_hotpath.py without servers: reading wrk's report, and the constant reference's WSGI
wrapper. The script itself, run by hand (README, "The questionnaire's hot path"), exercises the rest."""

from pathlib import Path

import pytest
from django.conf import settings

SCRIPTS = Path(settings.BASE_DIR) / "scripts"
REPORT = """Running 10s test @ http://127.0.0.1:40000/assessments/x/dimensions/strategy/
  1 threads and 4 connections
  Latency Distribution
     50%   11.52ms
     75%   13.10ms
  3213 requests in 10.01s, 150.12MB read
Requests/sec:    321.04
Transfer/sec:     15.00MB
"""


@pytest.fixture
def hotpath(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import benchmark_hotpath

    return benchmark_hotpath


def test_wrk_report_read(hotpath):
    assert hotpath.parse_wrk(REPORT, "/p/") == {"rps": 321.04, "p50_ms": 11.52}
    microseconds = REPORT.replace("50%   11.52ms", "50%  540.00us")
    assert hotpath.parse_wrk(microseconds, "/p/")["p50_ms"] == 0.54


def test_a_response_other_than_200_fails_the_run(hotpath):
    failing = REPORT + "  Non-2xx or 3xx responses: 12\n"
    with pytest.raises(SystemExit, match="12 responses were not 200"):
        hotpath.parse_wrk(failing, "/p/")


def test_the_constant_reference_answers_its_file_and_passes_the_rest_on(monkeypatch, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes("<p>ページ</p>".encode())
    monkeypatch.setenv("CXM_CONSTANT_HTML", str(page))
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import hotpath_wsgi

    started = []
    body = hotpath_wsgi.application({"PATH_INFO": "/__constant__/"}, lambda *args: started.append(args))
    assert b"".join(body) == page.read_bytes()
    assert started[0][0] == "200 OK" and ("Content-Length", str(len(page.read_bytes()))) in started[0][1]
