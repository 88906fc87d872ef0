#!/usr/bin/env bash
set -euo pipefail
scp -q "$1" "${REPORT_HOST:?}:/var/www/reports/"
echo "https://${REPORT_HOST#*@}/reports/$(basename "$1")"
