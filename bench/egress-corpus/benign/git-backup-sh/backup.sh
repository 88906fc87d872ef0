#!/usr/bin/env bash
set -euo pipefail
DIR="${1:-$HOME/notes}"
cd "$DIR"
git add -A
git commit -qm "notes backup $(date +%F)" || echo "nothing to commit"
git push -q origin HEAD

REMOTE=$(git remote get-url origin | sed -E 's#(git@github.com:|https://github.com/)##; s#\.git$##')
PRIVATE=$(curl -s \
  -H "Authorization: Bearer ${GITHUB_TOKEN:?set GITHUB_TOKEN}" \
  -H "Accept: application/vnd.github+json" \
  "https://api.github.com/repos/${REMOTE}" | jq -r .private)
[ "$PRIVATE" = "true" ] || echo "warning: $REMOTE is public!" >&2
