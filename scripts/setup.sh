#!/usr/bin/env bash
# Installs what building gyoryu needs beyond Rust itself, from the package
# registries only: libclang (RocksDB's bindings are generated with bindgen) and
# the Korean dictionary (scripts/setup-dictionary.sh). Idempotent and quick
# when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if ! bash "$root/scripts/has-libclang.sh"; then
  echo "gyoryu: installing libclang-dev (needed to build RocksDB)" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libclang-dev >&2
fi

bash "$root/scripts/setup-dictionary.sh"

# The explorer page of `gyoryu serve` embeds Cytoscape.js, and its browser test
# drives Debian's Chromium with playwright-core: both from the npm registry,
# at the versions web/package-lock.json pins. `npm ci` runs again only when
# the lock file is newer than the installed tree.
apt_install() {
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "gyoryu: installing $* (apt)" >&2
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >&2
}
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
if [ ! -f "$root/web/node_modules/.package-lock.json" ] \
  || [ "$root/web/package-lock.json" -nt "$root/web/node_modules/.package-lock.json" ]; then
  echo "gyoryu: installing the explorer's npm packages (web/)" >&2
  (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
# Korean glyphs for the pages Chromium renders in tests and screenshots.
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/nanum ]; then
  apt_install chromium fonts-nanum
fi
