#!/usr/bin/env bash
# Installs what building gyoryu needs beyond Rust itself, from the package
# registries only: libclang (RocksDB's bindings are generated with bindgen) and
# the Korean dictionary (scripts/setup-dictionary.sh). Idempotent and quick
# when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if ! ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 && ! ls /usr/lib/*/libclang*.so* >/dev/null 2>&1; then
  echo "gyoryu: installing libclang-dev (needed to build RocksDB)" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libclang-dev >&2
fi

bash "$root/scripts/setup-dictionary.sh"
