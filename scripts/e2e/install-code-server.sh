#!/usr/bin/env bash
# Installs what the VS Code end-to-end tests need, outside the project's node_modules:
#   Debian's chromium, ripgrep and libkrb5-dev, and code-server (a real VS Code host) from the npm
#   registry into the e2e work folder. Idempotent: a warm run only checks and exits.
#
#   scripts/e2e/install-code-server.sh        # work folder: $SPECWRIGHT_E2E_DIR, else <repo>/.e2e
#
# Why the odd steps (see test/e2e/vscode/README.md): these machines reach only the npm registry and
# Debian's mirrors, so code-server's native build must not prompt (npm_config_yes), its postinstall
# wants root's --unsafe-perm, and @vscode/ripgrep's download is answered from a pre-seeded cache.
set -euo pipefail

CODE_SERVER_VERSION="${SPECWRIGHT_CODE_SERVER_VERSION:-4.100.3}"
RIPGREP_CACHE_VERSION="1.15.11"                     # the @vscode/ripgrep version code-server 4.100.3 pulls in
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${SPECWRIGHT_E2E_DIR:-$repo/.e2e}"
prefix="$work/code-server-$CODE_SERVER_VERSION"
stamp="$prefix/.installed"
started=$SECONDS

log() { printf '[e2e-install] %s\n' "$*"; }
fail() { printf '[e2e-install] ERROR: %s\n' "$*" >&2; exit 1; }

# One install at a time per work folder: CI starts one in the background while the other tests run,
# and `npm run test:e2e` then waits here for it instead of installing over it.
mkdir -p "$work"
exec 9>"$work/.install.lock"
if ! flock -n 9; then
  log "another install into $work is under way; waiting for it"
  flock 9
fi

# ── Debian packages ──────────────────────────────────────────────────────────────────────────────
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/rg ] || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing Debian packages: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ── code-server ──────────────────────────────────────────────────────────────────────────────────
installed_version() {
  node -p "require('$prefix/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ -f "$stamp" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && [ -x "$prefix/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION already in $prefix ($((SECONDS - started)) s)"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $prefix (a few minutes)"
rm -rf "$prefix"
mkdir -p "$prefix"
printf '{ "name": "specwright-e2e-host", "private": true }\n' > "$prefix/package.json"

# @vscode/ripgrep looks in os.tmpdir()/vscode-ripgrep-cache-<version>/ before downloading.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_CACHE_VERSION"
mkdir -p "$rg_cache"
[ -s "$rg_cache/$RIPGREP_ASSET" ] || tar czf "$rg_cache/$RIPGREP_ASSET" -C /usr/bin rg

# HOME stays the machine's: its ~/.npmrc (nodedir=/usr) is what lets native modules build offline.
(
  cd "$prefix"
  export npm_config_yes=true PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  npm install --no-audit --no-fund --no-save --unsafe-perm --loglevel=error "code-server@$CODE_SERVER_VERSION"
) || fail "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"

[ "$(installed_version)" = "$CODE_SERVER_VERSION" ] || fail "code-server $CODE_SERVER_VERSION is not in $prefix after npm install"
"$prefix/node_modules/.bin/code-server" --version >/dev/null || fail "$prefix/node_modules/.bin/code-server --version does not run"
touch "$stamp"
log "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
