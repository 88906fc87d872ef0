#!/usr/bin/env bash
set -euo pipefail
DEST="$HOME/Backups"
mkdir -p "$DEST"
OUT="$DEST/openclaw-$(date +%F).tar.gz.age"
tar czf - -C "$HOME" .openclaw --exclude='.openclaw/logs' | age -R "$(dirname "$0")/recipient.txt" > "$OUT"
chmod 600 "$OUT"
ls -t "$DEST"/openclaw-*.age | tail -n +8 | xargs -r rm --
echo "backup written to $OUT"
