#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/deploy.conf"
KEY="${DEPLOY_KEY:-$HOME/.ssh/id_ed25519}"
rsync -az --delete -e "ssh -i $KEY" ./dist/ "$HOST:$DIR/"
ssh -i "$KEY" "$HOST" "sudo systemctl restart $SERVICE && systemctl is-active $SERVICE"
