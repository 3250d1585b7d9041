"""No double booking, in the database: on PostgreSQL an exclusion constraint per
table refuses two booked appointments of one caseworker, or two active bookings
of one resource, whose time ranges overlap. SQLite has no exclusion constraints;
the services serialize the check there (BEGIN IMMEDIATE)."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = [
    ("bookings_appointment", "appointment_no_overlap",
     "EXCLUDE USING gist (caseworker_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
     "WHERE (status = 'booked')"),
    ("bookings_resourcebooking", "resource_booking_no_overlap",
     "EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active)"),
]


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_appointments_and_rentals")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, drop_constraints),
    ]
