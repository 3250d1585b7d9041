import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from servicetorg.organisation.models import Weekday
from servicetorg.staffing.selectors import Targets, slot_label

# The plan covers 07:00–21:00: every opening hour of the demo sites and room for what-ifs.
PLAN_SLOTS = range(14, 42)


class TargetsForm(forms.Form):
    service_level = forms.IntegerField(label=_("Service level target (%)"), min_value=50, max_value=99)
    phone_seconds = forms.IntegerField(label=_("Phone: answered within (seconds)"), min_value=1, max_value=3600)
    walk_in_seconds = forms.IntegerField(label=_("Counter: waiting at most (seconds)"), min_value=1, max_value=7200)
    weeks = forms.IntegerField(label=_("History (weeks)"), min_value=1, max_value=104)
    phone_patience = forms.IntegerField(
        label=_("Phone: callers hang up after (seconds, mean)"), min_value=1, max_value=3600, required=False,
        widget=forms.NumberInput(attrs={"aria-describedby": "id_phone_patience_help"}),
        help_text=_("Leave empty to assume nobody hangs up (Erlang C); with a mean patience the phone is "
                    "counted by Erlang A."))

    def targets(self) -> Targets:
        data = self.cleaned_data
        return Targets(data["service_level"] / 100, data["phone_seconds"], data["walk_in_seconds"],
                       data.get("phone_patience"))


class PlanForm(forms.Form):
    """One number field per weekday and half hour."""

    def __init__(self, *args, initial_plan: dict[tuple[int, int], int], **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for slot in PLAN_SLOTS:
            row = []
            for weekday in Weekday:
                name = f"s_{weekday.value}_{slot}"
                self.fields[name] = forms.IntegerField(
                    label=f"{weekday.label} {slot_label(slot)}", min_value=0, max_value=99, required=False,
                    initial=initial_plan.get((weekday.value, slot), 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
                row.append(name)
            self.grid.append((slot_label(slot), row))

    def rows(self):
        for label, names in self.grid:
            yield label, [self[name] for name in names]

    def staff(self) -> dict[tuple[int, int], int]:
        out = {}
        for name, value in self.cleaned_data.items():
            _s, weekday, slot = name.split("_")
            out[(int(weekday), int(slot))] = value or 0
        return out


class WhatIfForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=int)
    weekday = forms.TypedChoiceField(label=_("Weekday"), coerce=int, choices=Weekday.choices)
    closes = forms.TimeField(label=_("Open until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.name) for s in sites]

    def clean_closes(self):
        value = self.cleaned_data["closes"]
        if value.minute not in (0, 30) or value.second or value > dt.time(23, 30):
            raise forms.ValidationError(_("Give a time on the hour or half hour, at the latest 23:30."))
        return value
