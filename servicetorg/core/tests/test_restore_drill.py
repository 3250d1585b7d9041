"""The restore drill: populate a database, back it up with deploy/backup.sh (pg_dump + uploaded files),
restore it with deploy/restore.sh into a fresh database, and prove it whole: every table's row count,
the dashboard's rollups against the inquiry log (`rollups_rebuild --verify-only`), the audit log row for
row, and the uploaded files."""

import hashlib
import os
import subprocess

import pytest

from servicetorg.core.tests import pgtools

pytestmark = pytest.mark.production

POPULATE = pgtools.SEED + """
from servicetorg.core.audit import audit_record
from servicetorg.core.models import AuditAction
leader = User.objects.get(username="leader")
for n in range(25):
    audit_record(actor=leader, action=AuditAction.VIEW_PERSONAL_DATA, obj=s, detail=f"drill {n}")
print("populated")
"""


def _table_counts(conn) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - catalogue names
            for table in tables}


def _audit_digest(conn) -> str:
    rows = conn.execute("SELECT * FROM core_auditevent ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _run(script: str, *args: str, env: dict) -> str:
    result = subprocess.run(["bash", str(pgtools.ROOT / "deploy" / script), *args], env=env,  # noqa: S603, S607
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_backup_restores_whole_into_a_fresh_database(tmp_path):
    base = pgtools.postgres_url()
    source_name = pgtools.unique_name("st_issue19_drill")
    restored_name = source_name + "_restored"
    source_url = pgtools.create_database(base, source_name)
    restored_url = pgtools.create_database(base, restored_name)
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "letter.pdf").write_bytes(b"%PDF-1.4 a citizen's attachment")
    env = pgtools.child_env(DATABASE_URL=source_url, SERVICETORG_VAR_DIR=str(tmp_path / "var"),
                            MEDIA_ROOT=str(media), TASKS_BACKEND="immediate", BACKUP_KEEP_DAYS="14")
    try:
        pgtools.manage(env, "migrate", "--verbosity", "0")
        pgtools.manage(env, "shell", "-c", POPULATE)
        pgtools.manage(env, "generate_inquiries", "--days", "20", "--per-day", "40", "--seed", "19")

        summary = _run("backup.sh", str(tmp_path / "backups"), env=env)
        assert summary.startswith("backup ") and "database and uploaded files" in summary
        (backup,) = list((tmp_path / "backups").iterdir())
        assert {"database.dump", "database.list", "media.tar.gz", "SHA256SUMS"} <= {p.name for p in backup.iterdir()}

        restored_media = tmp_path / "restored-media"
        summary = _run("restore.sh", str(backup), restored_url, str(restored_media), env=env)
        assert summary.startswith("restore of ")

        with pgtools.admin_connect(base, source_name) as source, pgtools.admin_connect(base, restored_name) as copy:
            source_counts, restored_counts = _table_counts(source), _table_counts(copy)
            assert source_counts["inquiries_inquiry"] > 100
            assert source_counts["core_auditevent"] == 25
            assert restored_counts == source_counts
            assert _audit_digest(copy) == _audit_digest(source)

        restored_env = {**env, "DATABASE_URL": restored_url}
        pgtools.manage(restored_env, "migrate", "--check")
        verified = pgtools.manage(restored_env, "rollups_rebuild", "--verify-only")
        assert "The rollups match the raw log" in verified
        assert (restored_media / "attachments" / "letter.pdf").read_bytes() == b"%PDF-1.4 a citizen's attachment"
    finally:
        pgtools.drop_database(base, source_name)
        pgtools.drop_database(base, restored_name)


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    base = pgtools.postgres_url()
    backup = tmp_path / "20260101T000000Z"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"PGDMP not really")
    (backup / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n")
    result = subprocess.run(["bash", str(pgtools.ROOT / "deploy" / "restore.sh"), str(backup),  # noqa: S603, S607
                             pgtools.with_database(base, "st_issue19_never_created")],
                            env=os.environ.copy(), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
