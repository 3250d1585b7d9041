from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "servicetorg.analytics"
    label = "analytics"
    # The group's name in the admin, translated.
    verbose_name = _("Insight and surveys")

    def ready(self) -> None:
        # The apps below register hooks; analytics fills them (it may import them, not the reverse).
        from servicetorg.analytics.rollups import rollups_apply_inquiry, rollups_rebuild
        from servicetorg.analytics.services import survey_url
        from servicetorg.forwarding.texts import receipt_survey_link_register
        from servicetorg.inquiries.hooks import inquiries_bulk_loaded_register, inquiry_counter_register

        inquiry_counter_register(rollups_apply_inquiry)
        inquiries_bulk_loaded_register(lambda *, municipality_id, on_table=None: rollups_rebuild(
            municipality_id=municipality_id, on_table=on_table))
        receipt_survey_link_register(survey_url)
