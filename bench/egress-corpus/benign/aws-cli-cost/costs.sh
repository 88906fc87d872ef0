#!/usr/bin/env bash
set -euo pipefail
DAYS="${1:-30}"
START=$(date -u -d "-$DAYS days" +%F 2>/dev/null || date -u -v-"$DAYS"d +%F)
END=$(date -u +%F)
aws ce get-cost-and-usage \
  --time-period Start="$START",End="$END" \
  --granularity MONTHLY \
  --metrics UnblendedCost \
  --group-by Type=DIMENSION,Key=SERVICE \
  | jq -r '.ResultsByTime[].Groups[] | "\(.Metrics.UnblendedCost.Amount|tonumber|floor)\t\(.Keys[0])"' \
  | sort -rn | head -15
