#!/usr/bin/env bash
set -euo pipefail
STAMP=$(date +%F-%H%M)
pg_dump "$DATABASE_URL" --format=custom --file "/tmp/db-$STAMP.dump"
aws s3 cp "/tmp/db-$STAMP.dump" "s3://$BACKUP_BUCKET/pg/db-$STAMP.dump" --sse AES256
rm -f "/tmp/db-$STAMP.dump"
echo "uploaded db-$STAMP.dump"
