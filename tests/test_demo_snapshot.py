"""What users see of the demo data stays as recorded: the guard for refactors that must not change behaviour.

After a change that is meant to alter results, pages or reports, rewrite the snapshot and review its diff:
``.venv/bin/python scripts/demo_snapshot.py tests/snapshots/demo-40-seed-7``.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_results_pages_and_reports_are_unchanged():
    run = subprocess.run(
        [sys.executable, "scripts/demo_snapshot.py", "--check", "tests/snapshots/demo-40-seed-7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "identical"
