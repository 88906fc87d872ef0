#!/usr/bin/env bash
set -euo pipefail
: "${AUTOMATION_URL:?set AUTOMATION_URL to your n8n/Zapier webhook}"
curl -sS -X POST \
  -H "Content-Type: application/json" \
  --data @"$1" \
  "$AUTOMATION_URL"
