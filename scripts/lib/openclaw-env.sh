# Sourced by the scripts that drive the REAL openclaw: the repo root, a step banner, a temp work dir
# (kept with KEEP=1) and an openclaw install (OPENCLAW_ANCHOR_DIR when it holds one, else one installed by
# ../shared/reference/openclaw-install.sh into ${XDG_CACHE_HOME:-~/.cache}/clawguard-openclaw and reused).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\n=== %s\n' "$*"; }

# make_work_dir <name>: sets WORK to a fresh temp dir, removed on exit unless KEEP=1.
make_work_dir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  if [[ "${KEEP:-}" == 1 ]]; then echo "work dir: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
}

# use_openclaw: sets ANCHOR (the install) and OC_PATH (its node24 and openclaw bin dirs, for PATH).
use_openclaw() {
  ANCHOR="${OPENCLAW_ANCHOR_DIR:-}"
  if [[ -z "$ANCHOR" || ! -x "$ANCHOR/oc/node_modules/.bin/openclaw" ]]; then
    ANCHOR="${XDG_CACHE_HOME:-$HOME/.cache}/clawguard-openclaw"
    "$REPO/../shared/reference/openclaw-install.sh" "$ANCHOR" >/dev/null
  fi
  OC_PATH="$ANCHOR/node24/bin:$ANCHOR/oc/node_modules/.bin"
}
