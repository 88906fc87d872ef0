#!/usr/bin/env bash
set -euo pipefail
NAME="${1:?repo name}"
KEY="$HOME/.ssh/deploy_${NAME}"
[ -f "$KEY" ] || ssh-keygen -t ed25519 -N "" -C "deploy-${NAME}" -f "$KEY" >/dev/null
echo "Add this public key as a deploy key on GitHub (Settings → Deploy keys):"
cat "${KEY}.pub"
