"""Migration operations for upgrades without downtime.

`AddIndexConcurrently` builds the index with CREATE INDEX CONCURRENTLY on PostgreSQL (writes go on while it
builds) and as a plain index elsewhere (SQLite, the embedded database). The migration must say
`atomic = False`, since PostgreSQL cannot build an index concurrently inside a transaction::

    class Migration(migrations.Migration):
        atomic = False
        operations = [AddIndexConcurrently("inquiry", models.Index(fields=["received_at"], name="..."))]
"""

from django.contrib.postgres.operations import AddIndexConcurrently as _PostgresAddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexConcurrently(_PostgresAddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
