"""The form with which a consultant sets up a workshop for a client."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import QuestionBank
from .models.banks import DEFAULT_BANK_SLUG


def latest_published_banks() -> list[QuestionBank]:
    """The latest published version of each bank slug, by slug: one query."""
    latest: dict[str, QuestionBank] = {}
    for bank in QuestionBank.objects.published():
        if bank.slug not in latest or bank.version_key() > latest[bank.slug].version_key():
            latest[bank.slug] = bank
    return [latest[slug] for slug in sorted(latest)]


class WorkshopForm(forms.Form):
    ANSWERS = [
        ("named", _("Named: you see who gave which answer and comment")),
        ("anonymous", _("Anonymous: nobody, you included, sees who answered what")),
    ]

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Shown on the projector and on the report, for example “CX maturity kick-off”."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    answers = forms.ChoiceField(
        label=_("Answers"),
        choices=ANSWERS,
        initial="named",
        widget=forms.RadioSelect,
        help_text=_("This cannot be changed once the workshop has started."),
    )
    end_time = forms.TimeField(
        label=_("End time (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("On the workshop's date. After it, participants can no longer answer."),
    )
    bank = forms.ModelChoiceField(
        label=_("Question bank"),
        queryset=QuestionBank.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the published question banks.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        banks = latest_published_banks()
        field = self.fields["bank"]
        field.queryset = QuestionBank.objects.filter(pk__in=[bank.pk for bank in banks]).order_by("slug")
        field.label_from_instance = lambda bank: (
            _("%(title)s (version %(version)s)")
            % {
                "title": bank.title,
                "version": bank.version,
            }
        )
        default = next(
            (bank for bank in banks if bank.slug == DEFAULT_BANK_SLUG), banks[0] if banks else None
        )
        self.initial.setdefault("bank", default.pk if default else None)
        self.initial.setdefault("date", timezone.localdate())
        self.has_banks = bool(banks)

    def clean(self):
        cleaned = super().clean()
        day, end_time = cleaned.get("date"), cleaned.get("end_time")
        cleaned["ends_at"] = None
        if day and end_time:
            ends_at = timezone.make_aware(datetime.combine(day, end_time))
            if ends_at <= timezone.now():
                self.add_error(
                    "end_time", _("This end time has already passed: choose a later one, or none.")
                )
            cleaned["ends_at"] = ends_at
        cleaned["anonymous"] = cleaned.get("answers") == "anonymous"
        return cleaned
