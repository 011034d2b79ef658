"""The version comparison written as Markdown (the compare_banks command), as in docs/default-bank.md."""

import copy
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessments.banks import DEFAULT_BANK_FILE, import_bank, parse_bank
from assessments.banks.compare import compare_banks
from assessments.banks.compare_markdown import diff_to_markdown

BANK_1 = parse_bank(DEFAULT_BANK_FILE.read_bytes())
BANK_2 = parse_bank((DEFAULT_BANK_FILE.parent / "cx-maturity-2.0.json").read_bytes())
DOC = Path(__file__).resolve().parents[2] / "docs" / "default-bank.md"


def test_identical_versions_say_so_in_every_section():
    text = diff_to_markdown(compare_banks(BANK_1, copy.deepcopy(BANK_1)))
    assert text.startswith("## Changes from 1.0 to 1.0\n")
    assert text.count("No changes.") == 5


def test_it_lists_added_removed_reworded_and_rescored_items():
    text = diff_to_markdown(compare_banks(BANK_1, BANK_2))
    assert "pool as peers" in text and "do not pool" not in text
    assert "- `technology.automation` How well do automation and AI" in text
    assert "**Removed** (1):\n\n- `technology.ai`" in text
    assert "- `3` Defined: reworded: Name, Description; Minimum score 2.6 → 2.5" in text
    assert "- `strategy.sponsor`: added f" in text
    assert "d Score 4.5 → 4" in text
    assert "`voc.closed_loop` How do you follow up" in text and "Weight 1.5 → 1.0" in text


def test_versions_with_other_dimensions_do_not_pool():
    after = copy.deepcopy(BANK_1)
    after["version"] = "1.1"
    after["dimensions"][0]["code"] = "vision"
    assert "do not pool as peers" in diff_to_markdown(compare_banks(BANK_1, after))


def test_the_docs_carry_the_commands_current_output(db):
    import_bank(BANK_1)
    import_bank(BANK_2)
    out = io.StringIO()
    call_command("compare_banks", "cx-maturity", "1.0", "2.0", stdout=out)
    body = out.getvalue().split("\n", 2)[2]  # the doc has its own heading
    assert body in DOC.read_text()


def test_an_unknown_version_is_an_error(db):
    import_bank(BANK_1)
    with pytest.raises(CommandError):
        call_command("compare_banks", "cx-maturity", "1.0", "9.9", stdout=io.StringIO())


def test_the_japanese_output_names_items_in_japanese(db):
    import_bank(BANK_1)
    import_bank(BANK_2)
    out = io.StringIO()
    call_command("compare_banks", "cx-maturity", "1.0", "2.0", "--language", "ja", stdout=out)
    assert "`people.harassment` 従業員は、カスタマーハラスメントから" in out.getvalue()
