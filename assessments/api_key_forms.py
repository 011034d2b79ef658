"""The form that makes an API key, offering only what its maker may make keys for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiKey
from .services import KeyOwners

ORGANIZATION, CONSULTANCY, BANKS_ONLY = "organization", "consultancy", "none"


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. “BI dashboard”.")
    )
    owner = forms.ChoiceField(label=_("Data"), widget=forms.RadioSelect)
    access = forms.ChoiceField(
        label=_("Access"),
        choices=ApiKey.Access.choices,
        initial=ApiKey.Access.READ,
        widget=forms.RadioSelect,
        help_text=_("Read and write also starts assessments and workshops, closes workshops, imports banks."),
    )
    banks = forms.BooleanField(label=_("Question banks: export any version, import drafts"), required=False)

    def __init__(self, *args, owners: KeyOwners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = owners
        choices = []
        if owners.organization:
            choices.append((ORGANIZATION, _("%(name)s (organization)") % {"name": owners.organization.name}))
        if owners.consultancy:
            choices.append(
                (CONSULTANCY, _("%(name)s (consultancy and its clients)") % {"name": owners.consultancy.name})
            )
        if owners.banks:
            choices.append((BANKS_ONLY, _("None: question banks only")))
        else:
            del self.fields["banks"]
        self.fields["owner"].choices = choices
        if choices:
            self.fields["owner"].initial = choices[0][0]

    def clean(self):
        data = super().clean()
        if data.get("owner") == BANKS_ONLY:
            data["banks"] = True
        return data

    def key_arguments(self) -> dict:
        owner = self.cleaned_data["owner"]
        return {
            "name": self.cleaned_data["name"],
            "access": self.cleaned_data["access"],
            "banks": self.cleaned_data.get("banks", False),
            "organization": self.owners.organization if owner == ORGANIZATION else None,
            "consultancy": self.owners.consultancy if owner == CONSULTANCY else None,
        }
