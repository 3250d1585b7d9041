from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from servicetorg.forwarding.models import OPEN_STATUSES, CloseOutcome, Status
from servicetorg.forwarding.selectors import InboxFilters
from servicetorg.forwarding.services import MESSAGE_MAX
from servicetorg.notifications.models import NotificationChannel
from servicetorg.organisation.models import Unit


class ServiceErrorsMixin:
    def add_service_errors(self, error: ValidationError) -> None:
        """Show a ValidationError from the service layer on the matching form fields."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


def _units(user, *, exclude=None):
    qs = Unit.objects.filter(municipality_id=user.municipality_id, active=True).order_by("name")
    return qs.exclude(pk=exclude) if exclude else qs


def _message_field(label, *, required=True, help_text=""):
    return forms.CharField(label=label, required=required, max_length=MESSAGE_MAX, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Forward to"), queryset=Unit.objects.none(),
                                  empty_label=_("— choose a unit or body —"))
    # Required by the service except for a sensitive unit, which may get no message at all.
    message = _message_field(_("Message to the unit"), required=False,
                             help_text=_("What the person asks and what the unit needs to answer."))
    name = forms.CharField(label=_("Citizen's name (optional)"), required=False, max_length=150)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    send_receipt = forms.BooleanField(label=_("Send the citizen a receipt with the reference number"),
                                      required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)


class ReplyForm(ServiceErrorsMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Send by"), choices=NotificationChannel.choices, widget=forms.RadioSelect)
    message = _message_field(_("Reply to the citizen"))
    wait_for_citizen = forms.BooleanField(label=_("Wait for the citizen's answer (pauses the clock)"),
                                          required=False)

    def __init__(self, *args, contact=None, **kwargs):
        # Several forms share the case page: each keeps its own element ids.
        kwargs.setdefault("auto_id", "id_reply_%s")
        super().__init__(*args, **kwargs)
        choices = []
        if contact is not None and contact.email:
            choices.append((NotificationChannel.EMAIL.value, NotificationChannel.EMAIL.label))
        if contact is not None and contact.phone:
            choices.append((NotificationChannel.SMS.value, NotificationChannel.SMS.label))
        self.fields["channel"].choices = choices
        if choices and not self.is_bound:
            self.initial.setdefault("channel", choices[0][0])


class CloseForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CloseOutcome.choices)
    message = _message_field(_("Note for the record (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)


class SendOnForm(ServiceErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Send on to"), queryset=Unit.objects.none(),
                                  empty_label=_("— choose a unit or body —"))
    message = _message_field(_("Message to the unit"))

    def __init__(self, *args, user, current_unit_id, **kwargs):
        kwargs.setdefault("auto_id", "id_send_on_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, exclude=current_unit_id)


class MessageForm(ServiceErrorsMixin, forms.Form):
    message = _message_field(_("Message"))

    def __init__(self, *args, prefix_id: str, label=None, required=True, **kwargs):
        kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["message"].required = required
        if label:
            self.fields["message"].label = label


class InboxFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), empty_label=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("open", _("All open")), *[(s.value, s.label) for s in OPEN_STATUSES],
                 (Status.CLOSED.value, Status.CLOSED.label)],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Claimed by me"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        self.units = units

    def chosen_unit(self):
        unit = self.cleaned_data.get("unit") if self.is_valid() else None
        return unit or (self.units[0] if self.units else None)

    def filters(self) -> InboxFilters:
        if not self.is_valid():
            return InboxFilters()
        return InboxFilters(status=self.cleaned_data["status"] or "open", overdue=self.cleaned_data["overdue"],
                            mine=self.cleaned_data["mine"])


class LookupForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
