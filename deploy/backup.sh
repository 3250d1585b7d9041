#!/usr/bin/env bash
# Nightly backup: a custom-format pg_dump of DATABASE_URL and a copy of the uploaded files (MEDIA_ROOT),
# into BACKUP_DIR/<UTC timestamp>/, keeping BACKUP_KEEP_DAYS days. Prints progress on a terminal and one
# summary line either way. Usage: deploy/backup.sh [BACKUP_DIR]   (settings from the environment:
# source /etc/servicetorg/servicetorg.env, or run through servicetorg-backup.service).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must be set}"
BACKUP_DIR="${1:-${BACKUP_DIR:-/var/backups/servicetorg}}"
MEDIA_ROOT="${MEDIA_ROOT:-${SERVICETORG_VAR_DIR:-/var/lib/servicetorg}/media}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/$stamp"
started=$(date +%s)
verbose=""
[ -t 1 ] && verbose="--verbose"

umask 077
mkdir -p "$target"
[ -t 1 ] && echo "Dumping the database into $target/database.dump"
pg_dump --format=custom --compress=6 --no-owner --no-privileges $verbose \
    --file="$target/database.dump" --dbname="$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
    [ -t 1 ] && echo "Copying the uploaded files from $MEDIA_ROOT"
    tar --create --gzip --file="$target/media.tar.gz" --directory="$MEDIA_ROOT" .
fi
# A list of what the dump holds: the restore drill compares it, and a bad dump fails here, not on restore day.
pg_restore --list "$target/database.dump" > "$target/database.list"
( cd "$target" && sha256sum database.dump $( [ -f media.tar.gz ] && echo media.tar.gz ) > SHA256SUMS )
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime +"$KEEP_DAYS" -exec rm -rf {} +

size=$(du -sh "$target" | cut -f1)
echo "backup $stamp: database and uploaded files, $size in $target, $(( $(date +%s) - started )) s"
