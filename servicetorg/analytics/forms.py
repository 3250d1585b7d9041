import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicetorg.analytics.selectors import Filters, Granularity
from servicetorg.catalogue.models import Area
from servicetorg.inquiries.models import Channel
from servicetorg.organisation.models import Site

MAX_DAYS = 3 * 366 + 1


def default_period() -> tuple[dt.date, dt.date]:
    """The last twelve whole months."""
    first_of_this = timezone.localdate().replace(day=1)
    end = first_of_this - dt.timedelta(days=1)
    return first_of_this.replace(year=first_of_this.year - 1), end


PRESETS = [("this_week", _("This week")), ("last_month", _("Last month")), ("this_year", _("This year")),
           ("last_12_months", _("Last 12 months")), ("custom", _("Custom"))]


def preset_period(preset: str, today: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """The dates a preset stands for; None for "custom" (the dates given) or an unknown one."""
    today = today or timezone.localdate()
    if preset == "this_week":
        return today - dt.timedelta(days=today.weekday()), today
    if preset == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    if preset == "last_12_months":
        return default_period()
    return None


class DashboardFilterForm(forms.Form):
    preset = forms.ChoiceField(label=_("Period"), choices=PRESETS, required=False)
    date_from = forms.DateField(label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(label=_("Show per"), choices=[("", _("Automatic")), *Granularity.CHOICES],
                                    required=False)
    sites = forms.MultipleChoiceField(label=_("Sites"), required=False, widget=forms.CheckboxSelectMultiple)
    channels = forms.MultipleChoiceField(label=_("Channels"), choices=Channel.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    areas = forms.MultipleChoiceField(label=_("Areas"), required=False,
                                      widget=forms.SelectMultiple(attrs={"size": 6}),
                                      help_text=_("None chosen: all areas."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id = user.municipality_id
        self.fields["sites"].choices = list(
            Site.objects.filter(municipality_id=user.municipality_id).order_by("name").values_list("pk", "name"))
        self.fields["areas"].choices = [(a.code, a.name) for a in Area.objects.all()]
        self.fields["sites"].error_anchor = "id_sites_0"
        self.fields["channels"].error_anchor = "id_channels_0"

    def clean(self):
        data = super().clean()
        period = preset_period(data.get("preset") or "")
        if period:
            # A preset wins over dates left in the address from an earlier choice.
            data["date_from"], data["date_to"] = period
        elif not data.get("preset"):
            data["preset"] = "custom" if (data.get("date_from") or data.get("date_to")) else "last_12_months"
        start, end = default_period()
        data["date_from"] = data.get("date_from") or start
        data["date_to"] = data.get("date_to") or end
        if data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        elif (data["date_to"] - data["date_from"]).days > MAX_DAYS:
            self.add_error("date_to", _("Choose a period of at most three years."))
        if not data.get("granularity") and not self.errors:
            days = (data["date_to"] - data["date_from"]).days
            data["granularity"] = Granularity.DAY if days <= 45 else (
                Granularity.WEEK if days <= 200 else Granularity.MONTH)
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            municipality_id=self.municipality_id, start=data["date_from"], end=data["date_to"],
            site_ids=tuple(int(s) for s in data.get("sites") or ()), channels=tuple(data.get("channels") or ()),
            areas=tuple(data.get("areas") or ()), granularity=data["granularity"],
        )


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(label=_("How satisfied are you with the help you got?"), coerce=int,
                                   choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose one of the five faces.")})
    comment = forms.CharField(label=_("Anything you want to tell us? (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Please do not write your name or other personal details."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].error_anchor = "id_score_0"
