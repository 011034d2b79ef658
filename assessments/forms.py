"""Forms of the questionnaire, and of joining a workshop."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import Participant, Question

# The value of the page's N/A radio, in the same group as the options so that it excludes them. Never an
# option code: codes cannot contain "/".
NOT_APPLICABLE = "n/a"


class AnswerForm(forms.Form):
    """One question's answer as the questionnaire posts it.

    ``option``: option codes (one for a level or choice question, any number for a checklist), or "n/a";
    ``na``: "1" for not applicable; ``none``: "1" for "none of these" (a checklist with nothing ticked);
    ``comment``: the optional comment; ``round``: in a workshop, the question's round that the page showed.
    The service checks the rest (N/A allowed, one option, length, status, round).
    """

    option = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": _("That option does not belong to this question.")}
    )
    na = forms.BooleanField(required=False)
    none = forms.BooleanField(required=False)
    comment = forms.CharField(required=False)
    round = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def __init__(self, data=None, *, question: Question, prefix: str | None = None):
        super().__init__(data, prefix=prefix)
        self.question = question
        self.fields["option"].choices = [(option.code, option.code) for option in question.options.all()] + [
            (NOT_APPLICABLE, NOT_APPLICABLE)
        ]

    def clean_comment(self):
        # Browsers count a line break as one character against maxlength but post it as two.
        return self.cleaned_data["comment"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        codes = cleaned.get("option") or []
        cleaned["not_applicable"] = cleaned.get("na", False) or NOT_APPLICABLE in codes
        cleaned["codes"] = [code for code in codes if code != NOT_APPLICABLE]
        ticked = cleaned["codes"] or cleaned["not_applicable"]
        if self.question.type == Question.Type.CHECKLIST and cleaned.get("none") and ticked:
            raise forms.ValidationError(_("Tick the items that apply or “None of these”, not both."))
        return cleaned

    def options(self) -> list:
        """The chosen Option objects (after ``is_valid()``), from the question's prefetched options."""
        codes = set(self.cleaned_data["codes"])
        return [option for option in self.question.options.all() if option.code in codes]

    def is_empty(self) -> bool:
        """Nothing chosen, ticked or written: the question was left untouched (after ``is_valid()``)."""
        data = self.cleaned_data
        return not (data["codes"] or data["not_applicable"] or data.get("none") or data.get("comment"))


def _max_length(name: str) -> int:
    return Participant._meta.get_field(name).max_length


class WorkshopJoinForm(forms.Form):
    """A participant joining a workshop: their name, optional department and job title, and a language."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=_max_length("display_name"),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    department = forms.CharField(label=_("Department"), max_length=_max_length("department"), required=False)
    role = forms.CharField(
        label=_("Job title"),
        max_length=_max_length("role"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        # Each language named in itself, as language pickers do.
        choices=[(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].help_text = (
            _(
                "Shown in the list of who joined. Answers are anonymous: nobody, the facilitator included, "
                "sees who answered what."
            )
            if anonymous
            else _("Shown to the facilitator with your answers; a first name or a nickname is enough.")
        )
