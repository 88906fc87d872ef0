#!/usr/bin/env bash
HOURS="${1:-24}"
FILES=$(find /tmp/openclaw ~/.openclaw/logs -name '*.log' -mmin "-$((HOURS * 60))" 2>/dev/null)
[ -z "$FILES" ] && { echo "no logs in the last ${HOURS}h"; exit 0; }
echo "== errors =="
grep -h '"level":"error"' $FILES | jq -r '.msg' | sort | uniq -c | sort -rn | head -20
echo "== warnings =="
grep -h '"level":"warn"' $FILES | jq -r '.msg' | sort | uniq -c | sort -rn | head -10
