"""Forms of consultancies: signing up as a consultant, client organizations, branding."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cxmaturity.colours import contrast_with_white

from .account_forms import OrganizationForm
from .branding import ACCENT_MIN_CONTRAST, logo_png
from .models import Consultancy
from .models.consultancies import COLOUR_PATTERN, LOGO_MAX_BYTES


class ConsultancySignupForm(forms.Form):
    name = forms.CharField(
        label=_("Consultancy name"),
        max_length=Consultancy._meta.get_field("name").max_length,
        help_text=_("The firm you work for. You can change it, and add a logo and a colour, later."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class ClientForm(OrganizationForm):
    """A client organization of a consultancy: the same description as an organization signing up."""

    class Meta(OrganizationForm.Meta):
        labels = {"name": _("Client name")}
        help_texts = {
            "industry": _("Used to compare the client with similar organizations."),
            "country": _("Where most of the client's customers are served."),
        }


class BrandingForm(forms.ModelForm):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB. A larger image is reduced to at most 800 × 800 pixels."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Consultancy
        fields = ["name", "accent_colour"]
        labels = {"name": _("Display name")}
        help_texts = {
            "accent_colour": _(
                "As # and six hexadecimal digits, for example #0b5c6b. It colours the headings, rules and "
                "charts of your clients' PDF reports, so it needs a contrast of at least 3:1 with white; a "
                "light colour is darkened there until text on it stays readable."
            )
        }
        widgets = {
            "accent_colour": forms.TextInput(
                attrs={"spellcheck": "false", "autocomplete": "off", "class": "accent-text"}
            )
        }

    def clean_accent_colour(self):
        colour = self.cleaned_data["accent_colour"].strip().lower()
        if not re.fullmatch(COLOUR_PATTERN, colour):
            raise forms.ValidationError(
                _("Give a colour as # and six hexadecimal digits, for example #0b5c6b."), code="format"
            )
        ratio = contrast_with_white(colour)
        if ratio < ACCENT_MIN_CONTRAST:
            raise forms.ValidationError(
                _(
                    "This colour is too light for headings on white: its contrast with white is "
                    "%(ratio).1f:1, and at least %(minimum).0f:1 is needed. Choose a darker colour."
                ),
                code="contrast",
                params={"ratio": int(ratio * 10) / 10, "minimum": ACCENT_MIN_CONTRAST},
            )
        return colour

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        # Read one byte more than allowed, so that a larger file is refused without reading all of it.
        data = upload.read(LOGO_MAX_BYTES + 1)
        return logo_png(data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            self.add_error("remove_logo", _("Either upload a new logo or remove the logo, not both at once."))
        return cleaned

    def save(self, commit=True):
        consultancy = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            consultancy.logo = None
        elif self.cleaned_data.get("logo"):
            consultancy.logo = self.cleaned_data["logo"]
        if commit:
            consultancy.save()
        return consultancy
