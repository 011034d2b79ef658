"""scripts/find-python picks a Python 3.12+ interpreter or says clearly what is missing."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "find-python"


def find_python(path: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {"PATH": f"{path}:/usr/bin:/bin", "HOME": str(home)}
    return subprocess.run(["bash", str(SCRIPT)], env=environment, capture_output=True, text=True)


def test_it_finds_a_suitable_interpreter_on_path(tmp_path):
    (tmp_path / "python3.12").symlink_to(sys.executable)
    completed = find_python(tmp_path, tmp_path)
    assert completed.returncode == 0
    assert os.path.samefile(completed.stdout.strip(), sys.executable)


def test_it_skips_an_old_interpreter_and_says_what_is_missing(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\necho 'Python 3.11.7'\nexit 1\n")
    old.chmod(0o755)
    for name in ("python3.12", "python3.13", "python3.14", "python"):
        # Shadow any system interpreter with one that is too old.
        (tmp_path / name).symlink_to(old)
    completed = find_python(tmp_path, tmp_path)
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert "needs Python 3.12 or newer" in completed.stderr
    assert "PYTHON=/path/to/python3.12" in completed.stderr


def test_it_looks_in_pyenv_versions(tmp_path):
    bin_dir = tmp_path / ".pyenv" / "versions" / "3.12.9" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3").symlink_to(sys.executable)
    empty = tmp_path / "empty"
    empty.mkdir()
    old = empty / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")
    old.chmod(0o755)
    for name in ("python3.12", "python3.13", "python3.14", "python"):
        (empty / name).symlink_to(old)
    completed = find_python(empty, tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(bin_dir / "python3")
