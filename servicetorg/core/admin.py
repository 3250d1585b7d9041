from functools import wraps

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver

from servicetorg.core import tenancy
from servicetorg.core.models import AuditEvent


class TenantScoped:
    """The one tenant boundary of the Django admin (a mixin for ModelAdmin and inlines).

    Every registered model admin declares how its model reaches its municipality
    (`municipality_path`, an ORM path such as "site__municipality"; "pk" for
    Municipality itself; None for national reference data). From that, for
    anyone but a national superuser:
    - the changelist, search, date hierarchy, actions and exports see only the
      acting user's municipalities (they all start from get_queryset);
    - change, delete and history of another municipality's object answer 404;
    - every foreign-key and many-to-many choice (also autocomplete and raw id
      fields, which validate against the same queryset) is scoped the same way,
      and the municipality itself can only be one the user acts for;
    - list filters offer only values present in the scoped rows;
    - national data is read-only, and `superuser_only` admins are hidden.
    """

    municipality_path: str | None = "municipality"
    superuser_only = False

    # Queryset ---------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return tenancy.scope_queryset(queryset, request.user, self._tenant_path())

    def _tenant_path(self):
        if self.municipality_path == "":
            return tenancy.municipality_path_for(self.model)
        return self.municipality_path

    def _in_scope(self, request, obj) -> bool:
        ids = tenancy.acting_municipality_ids(request.user)
        if ids is None or obj is None or self._tenant_path() is None:
            return True
        return tenancy.object_municipality_id(obj, self._tenant_path()) in ids

    # Permissions ------------------------------------------------------------

    def _operator_only(self, request) -> bool:
        """True when this request must be refused because only the operator may do it."""
        return self.superuser_only and not tenancy.is_national_operator(request.user)

    def has_module_permission(self, request):
        if self._operator_only(request):
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if self._operator_only(request) or not self._in_scope(request, obj):
            return False
        return super().has_view_permission(request, obj)

    def _may_write(self, request, obj) -> bool:
        if self._operator_only(request) or not self._in_scope(request, obj):
            return False
        # National reference data is the same for every municipality: only the operator changes it.
        return self._tenant_path() is not None or tenancy.is_national_operator(request.user)

    def has_add_permission(self, request, *args):
        return self._may_write(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_delete_permission(request, obj)

    # Form fields ------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if "queryset" not in kwargs:
            queryset = self._scoped_choices(request, related, db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        # By name: core sits below organisation in the layers.
        municipality_model = apps.get_model("organisation", "Municipality")
        if related is municipality_model and not tenancy.is_national_operator(request.user):
            # Not choosable: the record belongs to the municipality the user acts for.
            kwargs.setdefault("empty_label", None)
            ids = tenancy.acting_municipality_ids(request.user) or ()
            if len(ids) == 1:
                kwargs.setdefault("initial", next(iter(ids)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._scoped_choices(request, db_field.remote_field.model, db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_choices(self, request, related, db_field):
        if tenancy.is_national_operator(request.user):
            return None
        queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = related._default_manager.all()
        return tenancy.scope_queryset(queryset, request.user, tenancy.municipality_path_for(related))

    # Change list ------------------------------------------------------------

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if tenancy.is_national_operator(request.user):
            return filters
        scoped = []
        for item in filters:
            if isinstance(item, str) and "__" not in item:
                field = self.model._meta.get_field(item)
                if field.is_relation:
                    # Only the values present in the user's own rows: no other municipality's names.
                    item = (item, RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    # Objects outside the scope look like objects that do not exist ---------

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def save_model(self, request, obj, form, change):
        ids = tenancy.acting_municipality_ids(request.user)
        if ids is not None and self._tenant_path() == "municipality" and not obj.municipality_id and len(ids) == 1:
            obj.municipality_id = next(iter(ids))
        if not self._in_scope(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_urls(self):
        urls = super().get_urls()
        if self.superuser_only:
            _guard_operator_only(urls)
        return urls


def _operator_only_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # Anonymous visitors go on to the admin's own login redirect; signed-in non-operators find nothing.
        if request.user.is_authenticated and not tenancy.is_national_operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _guard_operator_only(patterns) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _operator_only_view(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _guard_operator_only(pattern.url_patterns)


class MunicipalityScopedAdmin(TenantScoped, admin.ModelAdmin):
    """The base of every model admin: see TenantScoped."""


class MunicipalityScopedTabularInline(TenantScoped, admin.TabularInline):
    """Inlines: rows follow their parent (already scoped); their choices are scoped like the parent's."""

    municipality_path = ""  # derived from the model

    def _in_scope(self, request, obj) -> bool:
        # `obj` is the parent here, which the parent admin has already found in scope.
        return True


def operator_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """A third-party admin made visible to the national operator only."""
    return type(f"OperatorOnly{admin_class.__name__}", (TenantScoped, admin_class),
                {"municipality_path": None, "superuser_only": True, "__module__": __name__})


def rescope_third_party_admins(site=admin.site) -> None:
    """Admins registered by other libraries (groups, task results, the RQ dashboard)
    know nothing of municipalities: only the operator sees them."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, TenantScoped):
            continue
        if model._meta.app_label.startswith("servicetorg") or type(model_admin).__module__.startswith("servicetorg"):
            continue
        site.unregister(model)
        site.register(model, operator_only(type(model_admin)))


@admin.register(AuditEvent)
class AuditEventAdmin(MunicipalityScopedAdmin):
    """Read-only: nobody edits or deletes the audit trail through the application."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "detail"]
    list_filter = ["action", "object_type"]
    # A forwarding's reference is in `detail`, so searching for it finds every event of the case.
    search_fields = ["object_id", "detail", "actor__username", "actor__first_name", "actor__last_name"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

# django-rq's dashboard (a fake model in the admin) answered 500 on its pages when Redis is not the backend,
# and shows task arguments to anyone with admin access. RQ is watched through /metrics and `rq info` instead;
# RQ_SHOW_ADMIN_LINK=False in settings keeps it out, and this removes it should the setting be dropped.
try:
    from django_rq import models as _rq_models
except ImportError:  # pragma: no cover - django_rq is a declared dependency
    _rq_models = None
for _name in ("Dashboard", "Queue"):
    _model = getattr(_rq_models, _name, None)
    if _model is not None and admin.site.is_registered(_model):
        admin.site.unregister(_model)
