#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a database (a fresh one for the drill, or the emptied
# production one after a disaster) and put the uploaded files back.
# Usage: deploy/restore.sh BACKUP_FOLDER TARGET_DATABASE_URL [MEDIA_ROOT]
# The target database must exist and be empty (createdb -O servicetorg servicetorg_restored).
set -euo pipefail

backup="${1:?usage: restore.sh BACKUP_FOLDER TARGET_DATABASE_URL [MEDIA_ROOT]}"
target_url="${2:?usage: restore.sh BACKUP_FOLDER TARGET_DATABASE_URL [MEDIA_ROOT]}"
media_root="${3:-}"
started=$(date +%s)
verbose=""
[ -t 1 ] && verbose="--verbose"

( cd "$backup" && sha256sum --check --quiet SHA256SUMS )
jobs="$(nproc 2>/dev/null || echo 2)"
pg_restore --no-owner --no-privileges --exit-on-error --jobs="$jobs" $verbose \
    --dbname="$target_url" "$backup/database.dump"
if [ -n "$media_root" ] && [ -f "$backup/media.tar.gz" ]; then
    mkdir -p "$media_root"
    tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root"
fi
echo "restore of $(basename "$backup"): database${media_root:+ and uploaded files} in $(( $(date +%s) - started )) s"
echo "next: manage.py migrate --check && manage.py rollups_rebuild --verify-only"
