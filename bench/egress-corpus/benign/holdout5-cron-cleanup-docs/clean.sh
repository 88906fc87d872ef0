#!/usr/bin/env bash
set -euo pipefail
CACHE="$(cd "$(dirname "$0")" && pwd)/.cache"
[ -d "$CACHE" ] || exit 0
find "$CACHE" -type f -mtime +7 -print -delete
rm -rf "$CACHE/tmp-"*
