import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from servicetorg.bookings.models import Mode, PriceCategory, Season
from servicetorg.bookings.selectors import parse_slot_value
from servicetorg.organisation.models import Site, Weekday


class ServiceErrorsMixin:
    field_map: dict[str, str] = {}

    def add_service_errors(self, error) -> None:
        """Show a ValidationError from the service layer on the matching form fields."""
        for name, messages in error.message_dict.items():
            target = self.field_map.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class SlotForm(ServiceErrorsMixin, forms.Form):
    """A chosen free time: `cleaned_data["chosen"]` is its (start, mode, site) in the municipality."""

    field_map = {"starts_at": "slot"}
    slot = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id

    def clean(self):
        data = super().clean()
        if "slot" in data:
            data["chosen"] = parse_slot_value(data["slot"], municipality_id=self.municipality_id)
            if data["chosen"] is None:
                raise forms.ValidationError(_("Choose one of the free times."))
        return data


class AppointmentForm(SlotForm):
    """The citizen's details for one chosen time."""

    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False,
                            help_text=_("For the reminder by SMS the day before."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False,
                            help_text=_("For the confirmation with a calendar file."),
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class StaffAppointmentForm(AppointmentForm):
    name = forms.CharField(label=_("The citizen's name"), max_length=150)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput)


class MoveForm(SlotForm):
    """Another free time for a booked appointment."""


class RentalRequestForm(ServiceErrorsMixin, forms.Form):
    customer_name = forms.CharField(label=_("Renter (club, company or your name)"), max_length=150)
    category = forms.ChoiceField(label=_("Price category"), choices=PriceCategory.choices)
    organisation_number = forms.CharField(
        label=_("Organisation number"), max_length=20, required=False,
        help_text=_("9 digits. Not needed for private persons."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    contact_email = forms.CharField(label=_("E-mail"), max_length=254, required=False,
                                    widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    purpose = forms.CharField(label=_("What for"), max_length=200, required=False)
    season = forms.ModelChoiceField(label=_("Season"), queryset=Season.objects.none(), required=False,
                                    empty_label=_("No season (a single request)"))
    first_date = forms.DateField(label=_("Date (first date if repeated)"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    last_date = forms.DateField(
        label=_("Repeat every week until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a single date."),
    )
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, seasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seasons is not None:
            self.fields["season"].queryset = seasons
        else:
            del self.fields["season"]


class DeclineForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class InvoiceExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")])

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date must not be before the start date."))
            elif (end - start) > dt.timedelta(days=366):
                self.add_error("end", _("Export at most one year at a time."))
        return data


class AvailabilityRuleForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    mode = forms.ChoiceField(label=_("Where"), choices=Mode.choices)
    site = forms.ModelChoiceField(label=_("Service centre"), queryset=None, required=False,
                                  help_text=_("Not needed for video meetings."))
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    valid_from = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Leave empty to keep it until further notice."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = user.units.order_by("name")
        self.fields["site"].queryset = Site.objects.filter(municipality_id=user.municipality_id, active=True)


class AvailabilityExceptionForm(ServiceErrorsMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Away from"), required=False,
                             widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                             help_text=_("Leave both times empty for the whole day."))
    ends = forms.TimeField(label=_("Away until"), required=False,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)
