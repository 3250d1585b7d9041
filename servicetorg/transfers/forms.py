from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicetorg.catalogue.models import Service
from servicetorg.core.uploads import upload_size_error
from servicetorg.transfers.models import MandateReport, Task
from servicetorg.transfers.services import ASSESSMENT_FIELDS, REPORT_FIELDS, TASK_FIELDS
from servicetorg.transfers.volumes import Volume, VolumeKind, VolumeParseError, volume_parse

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


READ_FROM_TEXT = ""


class TaskForm(forms.ModelForm):
    """The register's fields. With the kind of volume left at "read from the volume
    as stated", the text is read into the structured fields ("4–5 timer pr uke");
    "not stated" keeps the text as it is and counts no hours ("fordelt på mange")."""

    class Meta:
        model = Task
        fields = TASK_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "volume_start": _DATE,
            "volume_end": _DATE,
        }
        help_texts = {
            "volume_text": _("As people say it: “4–5 hours a week”, “2 days a quarter”, “1/2 position "
                             "20.09–25.10”, “3 hours every 14 days”. Leave the kind below at “read from the "
                             "volume as stated” and it is read from this text."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["volume_kind"]
        kind.required = False
        kind.choices = [(READ_FROM_TEXT, _("Read from the volume as stated")), *VolumeKind.choices]
        if self.instance.pk is None and not self.is_bound:
            self.initial["volume_kind"] = READ_FROM_TEXT

    def clean(self):
        data = super().clean()
        kind = data.get("volume_kind")
        text = (data.get("volume_text") or "").strip()
        if kind == READ_FROM_TEXT and "volume_kind" not in self.errors:
            data["volume_kind"] = kind = VolumeKind.NONE
            self.instance.volume_kind = kind
            if not text:
                return data
            try:
                volume = volume_parse(text, year=timezone.localdate().year)
            except VolumeParseError as error:
                self.add_error("volume_text", str(error))
                return data
            data.update({
                "volume_kind": volume.kind, "volume_amount": volume.amount, "volume_amount_max": volume.amount_max,
                "volume_interval_days": volume.interval_days, "volume_start": volume.start, "volume_end": volume.end,
            })
            for name in ("volume_kind", "volume_amount", "volume_amount_max", "volume_interval_days",
                         "volume_start", "volume_end"):
                setattr(self.instance, name, data[name])
            return data
        volume = Volume(kind=kind or VolumeKind.NONE, amount=data.get("volume_amount"),
                        amount_max=data.get("volume_amount_max"), interval_days=data.get("volume_interval_days"),
                        start=data.get("volume_start"), end=data.get("volume_end"))
        for name, reason in volume.errors().items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, reason)
        return data

    def task_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in TASK_FIELDS}


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ASSESSMENT_FIELDS
        widgets = {
            "assessment_reason": forms.Textarea(attrs={"rows": 3}),
            "catalogue_guidance": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            municipality_id=self.instance.municipality_id).order_by("name")
        self.fields["service"].help_text = _("The catalogue service the task becomes when transferred; "
                                             "leave empty to create one in the area below.")

    def assessment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_FIELDS}


class ReportForm(forms.ModelForm):
    class Meta:
        model = MandateReport
        fields = REPORT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in REPORT_FIELDS
                   if name.startswith(("answer_", "conclusion_")) or name == "mandate_comment"} | {"dated": _DATE}

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           help_text=_("The columns of the export; a task is matched by its name."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or an .xlsx file."))
        too_big = upload_size_error(upload.size)
        if too_big:
            raise forms.ValidationError(too_big)
        return upload


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
