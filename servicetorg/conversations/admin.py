from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from servicetorg.conversations.models import Quarantine, Queue, QueueAddress
from servicetorg.conversations.services import quarantine_reprocess
from servicetorg.core.admin import MunicipalityScopedAdmin, MunicipalityScopedTabularInline


class QueueAddressInline(MunicipalityScopedTabularInline):
    municipality_path = "municipality"
    model = QueueAddress
    extra = 1
    fields = ["address"]


@admin.register(Queue)
class QueueAdmin(MunicipalityScopedAdmin):
    municipality_path = "municipality"
    list_display = ["name", "site", "sms_number", "web_form", "active"]
    list_filter = ["active"]
    inlines = [QueueAddressInline]
    fields = ["name", "site", "sms_number", "reply_from", "web_form", "active"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.municipality_id = obj.site.municipality_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for address in formset.save(commit=False):
            address.municipality_id = form.instance.municipality_id
            address.save()
        for deleted in formset.deleted_objects:
            deleted.delete()


@admin.register(Quarantine)
class QuarantineAdmin(MunicipalityScopedAdmin):
    """What could not be taken as it came. Read-only; "Process again" retries it."""

    municipality_path = "municipality"
    list_display = ["received_at", "source", "reason", "size", "processed_at"]
    list_filter = ["source", "processed_at"]
    readonly_fields = ["received_at", "source", "reason", "recipients", "size", "processed_at", "conversation",
                       "raw_preview"]
    fields = readonly_fields
    actions = ["process_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("raw message (start)"))
    def raw_preview(self, obj):
        return bytes(obj.raw[:4000]).decode("utf-8", "replace")

    @admin.action(description=_("Process again"))
    def process_again(self, request, queryset):
        done = 0
        for quarantine in queryset.filter(processed_at__isnull=True, source__in=["smtp", "imap"]):
            done += quarantine_reprocess(quarantine=quarantine).status in ("created", "appended", "duplicate")
        self.message_user(request, _("%(n)s message(s) processed.") % {"n": done}, messages.INFO)
