from django import forms
from django.utils.translation import gettext_lazy as _

from servicetorg.core.models import AuditAction


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=150,
                             help_text=_("Username or name of who did it, or of the account it concerns."))
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object_ref = forms.CharField(label=_("Object"), required=False, max_length=40,
                                 help_text=_("An id, or a reference such as a forwarding's."))
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All actions")), *AuditAction.choices])
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("csv", "CSV"), ("xlsx", "XLSX")])

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All kinds")), *[(t, t) for t in object_types]]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        for name in ("person", "object_ref"):
            if "\x00" in (data.get(name) or ""):
                self.add_error(name, _("This field holds a character that is not allowed."))
        return data
