#!/usr/bin/env bash
ROOT="${OPENCLAW_WORKSPACE:-$HOME/.openclaw/workspace}/skills"
for d in "$ROOT"/*/; do
  [ -d "$d/.git" ] || continue
  before=$(git -C "$d" rev-parse HEAD)
  git -C "$d" pull --ff-only -q && after=$(git -C "$d" rev-parse HEAD)
  [ "$before" != "$after" ] && git -C "$d" log --oneline "$before..$after"
done
