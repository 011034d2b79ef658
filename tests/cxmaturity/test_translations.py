import subprocess

from django.conf import settings
from django.utils import translation

CATALOGUE = settings.BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_japanese_translation():
    completed = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert "untranslated" not in completed.stderr
    assert "fuzzy" not in completed.stderr


def test_the_compiled_catalogue_is_used():
    with translation.override("ja"):
        assert translation.gettext("Skip to content") == "本文へスキップ"
