#!/usr/bin/env bash
# Regenerates src/forensics/fixtures/ with the real openclaw (see scripts/forensics-fixtures.mjs).
# Uses $OPENCLAW_ANCHOR_DIR if set (an existing openclaw-install.sh dir), else installs one into a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${OPENCLAW_ANCHOR_DIR:-}"
if [[ -z "$DIR" ]]; then
  DIR="$(../shared/reference/openclaw-install.sh | sed -n 's/^OPENCLAW_ANCHOR_DIR=//p')"
fi
export PATH="$DIR/node24/bin:$DIR/oc/node_modules/.bin:$PATH"
node scripts/forensics-fixtures.mjs
