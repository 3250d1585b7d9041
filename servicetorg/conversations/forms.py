from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicetorg.catalogue.models import Service
from servicetorg.inquiries.models import Outcome
from servicetorg.organisation.models import Unit

CLOSE_OUTCOMES = [(v, label) for v, label in Outcome.choices if v not in (Outcome.FORWARDED, Outcome.TRANSFERRED)]


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ReplyForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    wait = forms.BooleanField(label=_("Wait for the citizen's answer"), required=False)
    seconds = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class CloseForm(ServiceErrorsMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=True)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CLOSE_OUTCOMES, initial=Outcome.ANSWERED)
    seconds = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(municipality_id=municipality_id, active=True) \
            .order_by("name")


class ForwardForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Forward to"), queryset=Unit.objects.none())
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False)
    message = forms.CharField(label=_("Message to the unit"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False, max_length=4000,
                              help_text=_("Leave empty to send the citizen's message as it came."))

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(municipality_id=municipality_id, active=True) \
            .order_by("name")
        self.fields["service"].queryset = Service.objects.filter(municipality_id=municipality_id, active=True) \
            .order_by("name")


class ContactForm(forms.Form):
    """The citizens' "Send oss en melding". `website` is a honeypot people never see; `shown`
    is when the form was shown, signed, for the minimum fill time."""

    message = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                              min_length=5)
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=150)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    phone = forms.CharField(label=_("Mobile number (optional)"), required=False, max_length=30)
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    shown = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone"):
            from servicetorg.notifications.services import phone_normalise

            try:
                cleaned["phone"] = phone_normalise(cleaned["phone"])
            except ValidationError as error:
                self.add_error("phone", error.message_dict.get("phone", error.messages))
        return cleaned
