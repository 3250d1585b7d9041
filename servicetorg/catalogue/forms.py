from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicetorg.catalogue.models import Area, Service
from servicetorg.catalogue.services import SERVICE_FIELDS
from servicetorg.organisation.models import Unit

# The slug is the service's address (and the import key): it is not changed from the form.
EDITABLE_FIELDS = [name for name in SERVICE_FIELDS if name != "slug"]

# How the edit form groups the fields, frontline guidance first as on the service page.
FIELDSETS = [
    (_("Frontline guidance"), ["handling", "step", "forward_to", "guidance", "sensitive"]),
    (_("Name and texts"), ["name", "name_nn", "name_en", "summary", "summary_nn", "summary_en",
                           "body", "body_nn", "body_en"]),
    (_("Self-service, fees and legal basis"), ["links", "fees", "legal_basis"]),
    (_("Search"), ["keywords"]),
    (_("Area and ownership"), ["area", "owner_unit", "content_owner", "last_reviewed", "active"]),
]


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the catalogue"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False,
                                  empty_label=_("All areas"))

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()[:100]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name, title, unit or task"), required=False)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()[:100]


class ReviewFilterForm(forms.Form):
    owner_unit = forms.ModelChoiceField(label=_("Owner unit"), queryset=Unit.objects.none(), required=False,
                                        empty_label=_("All units"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(
            municipality_id=user.municipality_id, kind="internal"
        ).order_by("name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


def _links_text(links) -> str:
    if not isinstance(links, list):
        return ""
    return "\n".join(f"{link.get('title', '')} | {link.get('url', '')}" for link in links if isinstance(link, dict))


class ServiceForm(forms.Form):
    """The service's own fields, as a ModelForm would build them, minus the slug; links are
    edited as lines of "title | url". The service layer validates again and versions the change."""

    note = forms.CharField(
        label=_("What did you change?"), max_length=200,
        help_text=_("A short note for the history, such as \"New fees for 2026\"."),
    )

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        for name in EDITABLE_FIELDS:
            self.fields[name] = Service._meta.get_field(name).formfield()
        self.fields["note"] = note
        municipality_id = service.municipality_id
        # Inactive units and people stay choosable while the service still names them.
        units = Unit.objects.filter(municipality_id=municipality_id).filter(
            Q(active=True) | Q(pk__in=[pk for pk in (service.owner_unit_id, service.forward_to_id) if pk])
        ).order_by("kind", "name")
        self.fields["owner_unit"].queryset = units
        self.fields["forward_to"].queryset = units
        people = get_user_model().objects.filter(municipality_id=municipality_id).filter(
            Q(is_active=True) | Q(pk=service.content_owner_id or 0)
        ).order_by("first_name", "last_name", "username")
        owner = self.fields["content_owner"]
        self.fields["content_owner"] = PersonChoiceField(
            queryset=people, required=False, label=owner.label, help_text=owner.help_text,
        )
        self.fields["links"] = forms.CharField(
            label=self.fields["links"].label, required=False, widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("One per line: the title, a bar and the address, such as "
                        "\"Søk barnehageplass | https://example.no/sok\"."),
        )
        self.fields["last_reviewed"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name in ("guidance", "fees", "keywords", "body_nn", "body_en"):
            self.fields[name].widget.attrs["rows"] = 4

    @staticmethod
    def initial_for(service: Service) -> dict:
        initial = {name: getattr(service, name) for name in EDITABLE_FIELDS}
        for name in ("area", "owner_unit", "forward_to", "content_owner"):
            initial[name] = getattr(service, f"{name}_id")
        initial["links"] = _links_text(service.links)
        return initial

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def clean_links(self) -> list[dict]:
        links, errors = [], []
        validate_url = URLValidator(schemes=["https", "http"])
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            # The last bar splits: titles may hold one, addresses do not.
            title, bar, url = (part.strip() for part in line.rpartition("|"))
            if not bar or not title or not url:
                errors.append(ValidationError(
                    _("Line %(line)s: write the title, a bar (|) and the address."), params={"line": number}
                ))
                continue
            try:
                validate_url(url)
            except ValidationError:
                errors.append(ValidationError(
                    _("Line %(line)s: %(url)s is not a web address."), params={"line": number, "url": url}
                ))
                continue
            links.append({"title": title, "url": url})
        if errors:
            raise ValidationError(errors)
        return links

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a ValidationError from the service layer on the matching form fields."""
        for name, messages in error.message_dict.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
