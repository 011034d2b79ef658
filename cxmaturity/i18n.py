"""Bilingual content stored as one column per language.

Question banks carry every text in English and Japanese. Each text is a pair of columns (``name_en``,
``name_ja``) declared with :func:`translated_fields`, and read in the active language through
:class:`Translated`.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("en", "ja")
FALLBACK_LANGUAGE = "en"


def content_language(language: str | None = None) -> str:
    """The content language for a Django language code ("ja", "en-us", None → active language)."""
    code = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0].lower()
    return code if code in CONTENT_LANGUAGES else FALLBACK_LANGUAGE


def translated_fields(field_class=models.CharField, *, verbose_name, **kwargs):
    """One field per content language, to unpack in a model body.

    ``name_en, name_ja = translated_fields(verbose_name=_("name"), max_length=100)``
    """
    return tuple(
        field_class(format_lazy("{} ({})", verbose_name, code), **kwargs) for code in CONTENT_LANGUAGES
    )


class Translated:
    """The text of ``<name>_<language>`` in the active language, falling back to English when empty."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.text(instance)

    def text(self, instance, language: str | None = None) -> str:
        value = getattr(instance, f"{self.name}_{content_language(language)}")
        return value or getattr(instance, f"{self.name}_{FALLBACK_LANGUAGE}")


def texts(instance, name: str) -> dict[str, str]:
    """``{"en": …, "ja": …}`` of one translated field, as the interchange formats write it."""
    return {code: getattr(instance, f"{name}_{code}") for code in CONTENT_LANGUAGES}
