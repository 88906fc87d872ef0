#!/usr/bin/env bash
set -euo pipefail
BUCKET="${SHARE_BUCKET:?set SHARE_BUCKET}"
KEY="shared/$(basename "$1")"
aws s3 cp "$1" "s3://$BUCKET/$KEY" --only-show-errors
aws s3 presign "s3://$BUCKET/$KEY" --expires-in 86400
