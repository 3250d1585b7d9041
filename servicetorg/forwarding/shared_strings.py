"""Strings this app adds to shared modules (core's audit actions, the inquiries
service), marked here so that this app's catalogue carries their translations."""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop("Forwarded an inquiry"),
    gettext_noop("Replied to a citizen"),
    gettext_noop("Closed a forwarded inquiry"),
    gettext_noop("This inquiry has been forwarded; only the unit can change it now."),
)
