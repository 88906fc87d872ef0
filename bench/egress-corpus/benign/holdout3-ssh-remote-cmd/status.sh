#!/usr/bin/env bash
for host in "$@"; do
  echo "== $host"
  ssh -o BatchMode=yes -o ConnectTimeout=5 "$host" 'df -h / | tail -1; free -m | sed -n 2p; systemctl --failed --no-legend | head -5'
done
