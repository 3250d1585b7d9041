"""Zero-downtime upgrades: a migration must be safe to run while the previous version still serves.

During an upgrade the new code's `migrate` runs first, while the old gunicorn workers keep answering;
then the workers are reloaded. So a migration may not:
- add a NOT NULL column without a default to an existing table (old code's INSERTs would fail);
- remove or rename a column or table (old code still reads it) — do it in two releases: stop using it,
  then drop it;
- build an index on an existing table without CONCURRENTLY on PostgreSQL (it locks writes for the whole
  build) — use `servicetorg.core.migration_ops.AddIndexConcurrently`, which is concurrent on PostgreSQL
  and a plain index on SQLite, in a migration with `atomic = False`;
- change a column's type (rewrites and locks the table).
Operations on a table created in the same migration are always safe (nobody uses it yet). Migrations
written before this check are in the allow-list below; a new migration that must break a rule (a planned
maintenance window) is added there with a reason.
"""

from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

# Migrations written before the check (issue 19): the newest number per app. Each ran on empty or small
# tables; every later migration is checked.
FROZEN_AT = {
    "accounts": 1, "analytics": 4, "bookings": 2, "catalogue": 4, "core": 3, "forwarding": 1,
    "inquiries": 1, "notifications": 1, "organisation": 2, "staffing": 1, "transfers": 1,
}
# Later migrations allowed to break a rule, with the reason: {("app", "0005_name"): "maintenance window ..."}.
ALLOWED: dict[tuple[str, str], str] = {
    ("core", "0004_audit_security_actions"): "only the action's choices change: Django emits no SQL for choices",
    ("core", "0005_audit_actions_for_accounts"): "only the action's choices change: Django emits no SQL for choices",
    ("queues", "0003_ticket_counter_active_index"): "the queues app is new in this release: no running version "
                                                    "reads its tables, and they are empty at the upgrade",
    ("inquiries", "0003_handling_time_unknown"): "only drops NOT NULL from handling_seconds: a catalogue change in "
                                                 "PostgreSQL, no rewrite; the old version writes numbers as before",
    ("conversations", "0002_conversation_closed_by_municipality"): "the conversations app is new in this release: "
                                                                   "its tables are empty at the upgrade",
}


def _allowed(app: str, name: str) -> bool:
    if (app, name) in ALLOWED:
        return True
    number = int(name[:4]) if name[:4].isdigit() else 0
    return number <= FROZEN_AT.get(app, 0)


def unsafe_operations(migration) -> list[str]:
    created = {op.name_lower for op in migration.operations if isinstance(op, migrations.CreateModel)}
    problems = []
    for op in migration.operations:
        model = getattr(op, "model_name", None) or getattr(op, "name_lower", None)
        if model in created:
            continue
        if isinstance(op, migrations.AddField):
            field = op.field
            no_default = field.default is models.NOT_PROVIDED and getattr(field, "db_default",
                                                                           models.NOT_PROVIDED) is models.NOT_PROVIDED
            if not field.null and no_default and not field.many_to_many:
                problems.append(f"AddField {op.model_name}.{op.name}: NOT NULL without a default")
            if field.db_index or field.unique:
                problems.append(f"AddField {op.model_name}.{op.name}: builds an index without CONCURRENTLY")
        elif isinstance(op, migrations.AddIndex) and type(op).__name__ != "AddIndexConcurrently":
            problems.append(f"AddIndex {op.index.name}: use AddIndexConcurrently")
        elif isinstance(op, migrations.RemoveField | migrations.DeleteModel | migrations.RenameField
                        | migrations.RenameModel):
            problems.append(f"{type(op).__name__} {model}: the running version still uses it")
        elif isinstance(op, migrations.AlterField):
            problems.append(f"AlterField {op.model_name}.{op.name}: may rewrite the table; add a new column")
    return problems


def test_every_new_migration_is_safe_while_the_old_version_serves():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = {key: migration for key, migration in loader.disk_migrations.items()
            if type(migration).__module__.startswith("servicetorg.")}
    assert len(ours) > 15
    found = {f"{app}.{name}: {problem}" for (app, name), migration in ours.items() if not _allowed(app, name)
             for problem in unsafe_operations(migration)}
    assert not found, "Unsafe migrations (see this test's docstring):\n" + "\n".join(sorted(found))


def test_the_check_finds_each_kind_of_unsafe_operation():
    class Bad(migrations.Migration):
        operations = [
            migrations.AddField("inquiry", "x", models.IntegerField()),
            migrations.AddField("inquiry", "y", models.IntegerField(default=0, db_index=True)),
            migrations.AddIndex("inquiry", models.Index(fields=["x"], name="x_idx")),
            migrations.RemoveField("inquiry", "note"),
            migrations.RenameField("inquiry", "a", "b"),
            migrations.AlterField("inquiry", "note", models.TextField()),
        ]

    class Good(migrations.Migration):
        operations = [
            migrations.AddField("inquiry", "z", models.IntegerField(null=True)),
            migrations.AddField("inquiry", "w", models.BooleanField(default=False)),
            migrations.CreateModel("newthing", [("id", models.BigAutoField(primary_key=True)),
                                                ("n", models.IntegerField(db_index=True))]),
            migrations.AddIndex("newthing", models.Index(fields=["n"], name="n_idx")),
        ]

    assert len(unsafe_operations(Bad("0099_bad", "inquiries"))) == 6
    assert unsafe_operations(Good("0099_good", "inquiries")) == []
    assert not _allowed("inquiries", "0099_bad")
    assert _allowed("inquiries", "0001_initial")
