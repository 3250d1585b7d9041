from django.contrib import admin

from servicetorg.core.admin import MunicipalityScopedAdmin
from servicetorg.inquiries.models import Inquiry


@admin.register(Inquiry)
class InquiryAdmin(MunicipalityScopedAdmin):
    list_display = ["id", "received_at", "channel", "site", "area", "service", "outcome", "handling_seconds"]
    list_filter = ["channel", "outcome", "site"]
    date_hierarchy = "received_at"
    raw_id_fields = ["service", "handled_by", "forwarded_to"]
    # The log holds millions of rows: no full COUNT for the admin's paginator.
    show_full_result_count = False
    # Contact details are personal data and are read only through audited views, never here.
