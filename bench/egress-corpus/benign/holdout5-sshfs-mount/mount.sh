#!/usr/bin/env bash
set -euo pipefail
mkdir -p "$2"
sshfs "$1" "$2" -o reconnect,ServerAliveInterval=15,IdentityFile="$HOME/.ssh/id_ed25519"
echo "mounted $1 at $2 (unmount with: umount $2)"
