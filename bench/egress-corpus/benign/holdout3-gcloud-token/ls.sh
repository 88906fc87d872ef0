#!/usr/bin/env bash
set -euo pipefail
BUCKET="$1"
curl -s -H "Authorization: Bearer $(gcloud auth print-access-token)" \
  "https://storage.googleapis.com/storage/v1/b/${BUCKET}/o?maxResults=50" | jq -r '.items[].name'
