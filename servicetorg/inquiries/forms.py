import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicetorg.catalogue.models import Area, Handling
from servicetorg.catalogue.selectors import pick_resolve
from servicetorg.inquiries.models import Channel, Language, Outcome
from servicetorg.inquiries.selectors import InquiryFilters
from servicetorg.organisation.models import Site, Unit

# One key per outcome in the quick-log (1–8), in this order.
OUTCOME_KEYS = list(Outcome)
# What the quick-log pre-selects after a service is picked, from its frontline handling.
DEFAULT_OUTCOME = {
    Handling.ANSWER: Outcome.ANSWERED,
    Handling.GUIDE: Outcome.SELF_SERVICE,
    Handling.FORWARD: Outcome.FORWARDED,
    Handling.REFER: Outcome.REFERRED,
}
# Service fields the form's fields stand for, for error messages raised by the service layer.
SERVICE_FIELD_TO_FORM_FIELD = {"service": "pick", "area": "pick", "handling_seconds": "minutes"}


def plausible_seconds(elapsed_ms: int | None) -> int | None:
    """Measured milliseconds as seconds, or None when not measured or not believable."""
    if not elapsed_ms:
        return None
    seconds = elapsed_ms // 1000
    if seconds < settings.INQUIRY_MIN_MEASURED_SECONDS or seconds > settings.INQUIRY_MAX_HANDLING_SECONDS:
        return None
    return seconds


class InquiryForm(forms.Form):
    """The quick-log form, also used to change an inquiry within the edit window."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    site = forms.ModelChoiceField(label=_("Service centre"), queryset=Site.objects.none(), empty_label=None)
    pick = forms.CharField(
        label=_("Service"), widget=forms.HiddenInput,
        error_messages={"required": _("Choose a service, or an area when no service fits.")},
    )
    pick_label = forms.CharField(label=_("Service"), required=False, max_length=200)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    forwarded_to = forms.ModelChoiceField(
        label=_("Forwarded or referred to"), queryset=Unit.objects.none(), required=False,
        empty_label=_("— the service's usual recipient —"),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.NB)
    minutes = forms.DecimalField(
        label=_("Handling time (minutes)"), required=False, min_value=0, max_digits=6, decimal_places=1,
        help_text=_("Leave empty to use the clock."),
    )
    clock = forms.ChoiceField(
        label=_("Measure the handling time"), required=False, initial="start",
        choices=[("start", _("from when I press Start (F2)")), ("previous", _("since my previous save"))],
    )
    elapsed_ms = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)
    # For e-mails and letters logged by hand: when it arrived, so "answered within one working day" is honest.
    received_at = forms.DateTimeField(
        label=_("Received at (e-mail and letter, optional)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("When the e-mail or letter arrived. Leave empty for now."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        sites = Site.objects.filter(municipality_id=user.municipality_id, active=True)
        if user.sites.exists():
            sites = sites.filter(pk__in=user.sites.all())
        self.fields["site"].queryset = sites
        # The service is chosen in the visible typeahead; errors on the hidden value link there.
        self.fields["pick"].error_anchor = "id_pick_label"
        self.fields["forwarded_to"].queryset = Unit.objects.filter(
            municipality_id=user.municipality_id, active=True
        ).order_by("kind", "name")
        self.service = None
        self.area = None

    def clean_pick(self):
        value = self.cleaned_data["pick"]
        self.service, self.area = pick_resolve(municipality_id=self.user.municipality_id, value=value)
        if self.area is None:
            raise forms.ValidationError(_("Choose a service from the list, or an area when no service fits."))
        return value

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and minutes * 60 > settings.INQUIRY_MAX_HANDLING_SECONDS:
            raise forms.ValidationError(
                _("Handling time can be at most %(hours)s hours.")
                % {"hours": settings.INQUIRY_MAX_HANDLING_SECONDS // 3600}
            )
        return minutes

    def handling_seconds(self) -> int | None:
        """Typed minutes win; else the clock the clerk chose (started with Start, or since the
        previous save), measured in the browser. No clock, or an implausible time (seconds of
        typing after the call, longer than the maximum), is unknown: None, never a fact."""
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None:
            return int(minutes * 60)
        return plausible_seconds(self.cleaned_data.get("elapsed_ms"))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "site": data["site"], "channel": data["channel"], "outcome": data["outcome"],
            "service": self.service, "area": None if self.service else self.area,
            "forwarded_to": data.get("forwarded_to"), "handling_seconds": self.handling_seconds(),
            "language": data["language"], "note": data.get("note", ""),
        }

    def received(self):
        """The arrival time typed for an e-mail or a letter, else None (received now)."""
        if self.cleaned_data.get("channel") not in (Channel.EMAIL, Channel.LETTER):
            return None
        return self.cleaned_data.get("received_at")

    def add_service_errors(self, error) -> None:
        """Show a ValidationError from the service layer on the matching form fields."""
        for field, messages in error.message_dict.items():
            target = SERVICE_FIELD_TO_FORM_FIELD.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)

    def outcome_options(self):
        """(key, value, label) for each outcome, with its one-key shortcut."""
        return [(index + 1, outcome.value, outcome.label) for index, outcome in enumerate(OUTCOME_KEYS)]


class InquiryFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Service centre"), queryset=Site.objects.none(), required=False,
                                  empty_label=_("All"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", _("All")), *Outcome.choices], required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=_("All"))
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(municipality_id=user.municipality_id)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> InquiryFilters:
        data = self.cleaned_data
        start = data.get("date_from")
        end = data.get("date_to")
        return InquiryFilters(
            site_id=data["site"].pk if data.get("site") else None,
            channel=data.get("channel") or None,
            outcome=data.get("outcome") or None,
            area=data["area"].pk if data.get("area") else None,
            received_from=timezone.make_aware(dt.datetime.combine(start, dt.time())) if start else None,
            received_to=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
            if end else None,
        )
