from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicetorg.accounts.perms import Cap, user_can
from servicetorg.catalogue import search
from servicetorg.catalogue.importexport import catalogue_export, catalogue_import, read_upload
from servicetorg.catalogue.models import Area, Article, Service, ServiceVersion, Synonym
from servicetorg.catalogue.services import SERVICE_FIELDS, service_create, service_update
from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.core.uploads import upload_size_error
from servicetorg.organisation.models import Municipality


@admin.register(Area)
class AreaAdmin(MunicipalityScopedAdmin):
    municipality_path = None  # national: the same codes everywhere
    list_display = ["code", "name_nb", "typical_owner", "frontline_default"]
    readonly_fields = ["code"]
    search_fields = ["code", "name_nb", "name_nn"]

    def has_add_permission(self, request) -> bool:
        # Area codes are a stable interface: they come with a release, never from a form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _Rollback(Exception):
    pass


class ServiceAdminForm(forms.ModelForm):
    """Checked by the catalogue's own services, so the admin refuses what they refuse
    (another municipality's unit, a bad link) with the same messages."""

    by = None  # the person editing; set per request by ServiceAdmin.get_form

    def service_fields(self) -> dict:
        if self.instance.pk:
            names = [f for f in self.changed_data if f in SERVICE_FIELDS]
        else:
            names = [f for f in SERVICE_FIELDS if f in self.cleaned_data]
        return {name: self.cleaned_data[name] for name in names}

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        if self.instance.pk and "slug" in self.changed_data and Service.objects.filter(
            municipality_id=self.instance.municipality_id, slug=self.instance.slug
        ).exclude(pk=self.instance.pk).exists():
            # The form leaves out the (read-only) municipality, so Django does not check this constraint.
            self.add_error("slug", gettext("Another service of this municipality has this slug."))
            return
        # One validation path: run the real service in a transaction that is always rolled back.
        try:
            with transaction.atomic():
                if self.instance.pk:
                    current = Service.objects.get(pk=self.instance.pk)
                    service_update(service=current, by=self.by, **self.service_fields())
                else:
                    service_create(by=self.by, municipality=self.instance.municipality, **self.service_fields())
                raise _Rollback
        except _Rollback:
            pass
        except PermissionDenied:
            self.add_error(None, gettext("You may not change this service."))
        except DatabaseError as error:
            self.add_error(None, gettext("The database refused the change: %(error)s") % {"error": error})
        except ValidationError as error:
            for name, messages_ in error.message_dict.items():
                target = name if name in self.fields and name != NON_FIELD_ERRORS else None
                for message in messages_:
                    self.add_error(target, message)


@admin.register(Service)
class ServiceAdmin(MunicipalityScopedAdmin):
    form = ServiceAdminForm
    list_display = ["name", "area", "step", "handling", "owner_unit", "forward_to", "active"]
    list_filter = ["municipality", "area", "step", "handling", "active"]
    search_fields = ["name", "slug", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner_unit", "forward_to", "content_owner"]
    actions = ["export_csv", "export_json"]

    def get_readonly_fields(self, request, obj=None):
        # A service never moves to another municipality: its slug, versions and inquiries belong to this one.
        return ["municipality"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.by = request.user  # a fresh class per request, so this is not shared
        return form

    def save_model(self, request, obj, form, change):
        # Through the catalogue's services, so every change is versioned and indexed.
        if change:
            service_update(service=Service.objects.get(pk=obj.pk), by=request.user, **form.service_fields())
        else:
            created = service_create(by=request.user, municipality=obj.municipality, **form.service_fields())
            obj.pk = created.pk
            obj._state.adding = False
            obj._state.db = created._state.db

    # Export and import -------------------------------------------------------

    def _export(self, request, queryset, fmt: str):
        municipality_ids = set(queryset.values_list("municipality_id", flat=True))
        if len(municipality_ids) != 1:
            self.message_user(request, gettext("Choose services of one municipality."), messages.ERROR)
            return None
        municipality = Municipality.objects.get(pk=municipality_ids.pop())
        text = catalogue_export(
            municipality=municipality, fmt=fmt, service_ids=list(queryset.values_list("pk", flat=True))
        )
        if fmt == "csv":
            # The byte order mark makes Excel read æ, ø and å as UTF-8.
            response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="catalogue-{municipality.slug}.{fmt}"'
        return response

    @admin.action(description=_("Export selected as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export selected as JSON"))
    def export_json(self, request, queryset):
        return self._export(request, queryset, "json")

    def has_import_permission(self, request) -> bool:
        return user_can(request.user, Cap.EDIT_CATALOGUE) and self.has_change_permission(request)

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalogue_service_import"),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        form = CatalogueImportForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            text = read_upload(upload.read())
            source = {"csv_text": text} if upload.name.lower().endswith(".csv") else {"json_text": text}
            report = catalogue_import(
                municipality=form.cleaned_data["municipality"], by=request.user,
                dry_run=form.cleaned_data["dry_run"], note=gettext("Imported from %(file)s") % {"file": upload.name},
                **source,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import catalogue"),
            "opts": self.opts,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/catalogue/service/import.html", context)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A .json or .csv file in the catalogue import format."))
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Municipality"))
    dry_run = forms.BooleanField(
        label=_("Only check the file"), required=False, help_text=_("Shows the report without importing anything.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = Municipality.objects.all() if user.is_superuser else Municipality.objects.filter(
            pk=user.municipality_id
        )
        if user.municipality_id:
            field.initial = user.municipality_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".csv")):
            raise ValidationError(gettext("The file must end in .json or .csv."))
        too_big = upload_size_error(upload.size)
        if too_big:
            raise ValidationError(too_big)
        return upload


@admin.register(Article)
class ArticleAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "kind", "public", "municipality", "last_reviewed", "active"]
    list_filter = ["municipality", "kind", "public", "active"]
    search_fields = ["title", "slug", "keywords"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["services"]
    autocomplete_fields = ["content_owner"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the services are saved, so the index sees the article as it now is.
        search.index_articles(article_ids=[form.instance.pk])


@admin.register(ServiceVersion)
class ServiceVersionAdmin(MunicipalityScopedAdmin):
    """The history is a record: it is read, never written, here."""

    list_display = ["service", "number", "changed_at", "changed_by", "note"]
    list_filter = ["municipality"]
    search_fields = ["service__name", "service__slug"]
    list_select_related = ["service", "changed_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Synonym)
class SynonymAdmin(MunicipalityScopedAdmin):
    list_display = ["words", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["words"]
