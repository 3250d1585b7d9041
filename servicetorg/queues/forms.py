from django import forms
from django.utils.translation import gettext_lazy as _

from servicetorg.queues.models import Counter, Errand


class KioskForm(forms.Form):
    errand = forms.ModelChoiceField(queryset=Errand.objects.none(),
                                    error_messages={"required": _("Choose what you need help with."),
                                                    "invalid_choice": _("Choose what you need help with.")})
    phone = forms.CharField(label=_("Mobile number (optional)"), required=False, max_length=30,
                            help_text=_("We send an SMS when you are next but two. The number is deleted "
                                        "when you have been served."))

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["errand"].queryset = Errand.objects.filter(site=site, active=True)


class CheckInForm(forms.Form):
    reference = forms.CharField(label=_("Booking reference"), max_length=300,
                                help_text=_("The code in your confirmation, or scan its QR code."),
                                error_messages={"required": _("Type the booking reference from your confirmation.")})


class TransferForm(forms.Form):
    errand = forms.ModelChoiceField(label=_("To another errand"), queryset=Errand.objects.none(), required=False)
    counter = forms.ModelChoiceField(label=_("Or to another counter"), queryset=Counter.objects.none(),
                                     required=False)

    def __init__(self, *args, site, exclude_counter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["errand"].queryset = Errand.objects.filter(site=site, active=True)
        counters = Counter.objects.filter(site=site, active=True, staffed_by__isnull=False)
        if exclude_counter is not None:
            counters = counters.exclude(pk=exclude_counter.pk)
        self.fields["counter"].queryset = counters

    def clean(self):
        data = super().clean()
        if bool(data.get("errand")) == bool(data.get("counter")):
            raise forms.ValidationError(_("Choose another errand or another counter."))
        return data


class PhoneMessageForm(forms.Form):
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=150)
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=30)
    message = forms.CharField(label=_("Message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("Write the message.")})
    channels = forms.MultipleChoiceField(label=_("Send by"), widget=forms.CheckboxSelectMultiple,
                                         choices=[("email", _("E-mail")), ("sms", _("SMS"))],
                                         error_messages={"required": _("Choose e-mail, SMS or both.")})
