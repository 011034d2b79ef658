"""What the product shows for a fixed set of demo data, as text files to compare across a refactor.

    .venv/bin/python scripts/demo_snapshot.py DIR           # write the snapshot into DIR
    .venv/bin/python scripts/demo_snapshot.py --check DIR   # compare with it; exit 1 if changed

It builds a throw-away SQLite database, loads the default bank and runs
``seed_demo --organizations 40 --seed 7`` with the clock stopped at a fixed instant and public ids drawn from
a seeded generator, so that two runs of the same code write the same bytes. It then records, through the
product's own commands and pages:

- ``results.jsonl``: ``export_result --all`` (every submitted result, ``cxmaturity.result/1``);
- ``report-ja.txt``, ``report-en.txt``: the PDF report of one organization that assessed itself twice, as text
  (``render_report``, then ``pdftotext``), and ``sample-report-ja.txt``: the public sample PDF;
- ``results-ja.html.txt`` and ``-en``, ``history-ja.html.txt``, ``sample-ja.html.txt`` and ``-en``: the
  pages as a member and a visitor see them (CSRF tokens and CSP nonces blanked);
- ``answers.csv``, ``answers-xlsx.txt``, ``result.json``: the downloads of the results page.

A snapshot taken before a refactor and compared with ``--check`` after it shows that nothing a user sees
changed. ``tests/snapshots/demo-40-seed-7/`` holds the snapshot of the current code, and
``tests/test_demo_snapshot.py`` compares it on every test run.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
FROZEN_NOW = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
ORGANIZATIONS, SEED = 40, 7
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'"csrfToken": "[^"]*"|X-CSRFToken[^}]*}'), "CSRF"),
]


@contextmanager
def reproducible():
    """The clock stopped and public ids and tokens from a seeded generator, for the duration."""
    from django.utils import timezone

    from cxmaturity import ids

    rng = random.Random(SEED)
    fake_secrets = SimpleNamespace(
        token_bytes=lambda n: rng.randbytes(n),
        token_urlsafe=lambda n: rng.randbytes(n).hex(),
    )
    with (
        mock.patch.object(timezone, "now", return_value=FROZEN_NOW),
        mock.patch.object(ids, "secrets", fake_secrets),
    ):
        yield


def blank_volatile(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", file.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def take_snapshot() -> dict[str, str]:
    """The snapshot's files by name, from a fresh database (the caller has set DATABASE_URL)."""
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from assessments.models import Membership, Organization, User

    files: dict[str, str] = {}
    with reproducible():
        call_command("migrate", verbosity=0)
        call_command("seed_demo", organizations=ORGANIZATIONS, seed=SEED, stdout=StringIO())
        out = StringIO()
        call_command("export_result", every=True, stdout=out)
        files["results.jsonl"] = out.getvalue()

        # The first organization that assessed itself twice: its latest result has a change and a history.
        organization = (
            Organization.objects.annotate(assessed=Count("assessments"))
            .filter(assessed=2)
            .order_by("name", "pk")
            .first()
        )
        assessment = organization.assessments.order_by("-submitted_at", "-pk").first()
        for lang in ("ja", "en"):
            with tempfile.TemporaryDirectory() as tmp:
                output = Path(tmp) / "report.pdf"
                call_command(
                    "render_report", assessment.public_id, lang=lang, output=str(output), stdout=StringIO()
                )
                files[f"report-{lang}.txt"] = pdf_text(output.read_bytes())

        user = User.objects.create_user(email="snapshot@example.com", password=None, name="Snapshot")
        Membership.objects.create(user=user, organization=assessment.organization, role=Membership.Role.OWNER)
        for lang in ("ja", "en"):
            member = Client(headers={"accept-language": lang})
            member.force_login(user)
            files[f"results-{lang}.html.txt"] = page(member, f"/results/{assessment.public_id}/")
            visitor = Client(headers={"accept-language": lang})
            files[f"sample-{lang}.html.txt"] = page(visitor, "/sample/")
        member = Client(headers={"accept-language": "ja"})
        member.force_login(user)
        files["history-ja.html.txt"] = page(member, "/history/")
        files["answers.csv"] = page(member, f"/results/{assessment.public_id}/answers.csv")
        files["result.json"] = page(member, f"/results/{assessment.public_id}/result.json")
        files["answers-xlsx.txt"] = xlsx_text(
            download(member, f"/results/{assessment.public_id}/answers.xlsx")
        )
        files["sample-report-ja.txt"] = pdf_text(
            download(Client(headers={"accept-language": "ja"}), "/sample/report.pdf")
        )
    return files


def download(client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def page(client, url: str) -> str:
    return blank_volatile(download(client, url).decode())


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(data), read_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"# {sheet.title}")
        lines.extend(
            "\t".join("" if cell is None else str(cell) for cell in row)
            for row in sheet.iter_rows(values_only=True)
        )
    return "\n".join(lines) + "\n"


def compare(expected_dir: Path, files: dict[str, str]) -> list[str]:
    """The names of the files that differ from, or are missing in, the snapshot in ``expected_dir``."""
    expected = {path.name for path in expected_dir.iterdir()} if expected_dir.is_dir() else set()
    changed = [
        name
        for name in sorted(files)
        if name not in expected or (expected_dir / name).read_bytes() != files[name].encode()
    ]
    return changed + sorted(expected - set(files))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument(
        "--check", action="store_true", help="compare with the snapshot instead of writing it"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/snapshot.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxmaturity.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        files = take_snapshot()
    if arguments.check:
        changed = compare(arguments.directory, files)
        for name in changed:
            print(f"changed: {name}")
        print("identical" if not changed else f"{len(changed)} of {len(files)} files changed")
        return 1 if changed else 0
    arguments.directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (arguments.directory / name).write_bytes(text.encode())  # as is: the CSV ends its lines with CRLF
    print(f"wrote {len(files)} files to {arguments.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
