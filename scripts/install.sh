#!/usr/bin/env bash
# Installs the `gyoryu` command for users: `bash scripts/install.sh [DIR]`
# (default ~/.local/bin).
#
# The release profile keeps line tables (`debug = "line-tables-only"`) so that
# benchmarks and profilers can name source lines; that, mostly RocksDB's C++,
# is four fifths of the binary. What users run needs none of it, so the
# installed copy has its debug sections stripped; symbol names stay, so a
# panic's backtrace still names functions. The build is the one the tests
# and benchmarks use, so nothing is compiled twice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dest="${1:-$HOME/.local/bin}"
bash scripts/setup.sh
cargo build --release --locked
bin="${CARGO_TARGET_DIR:-$root/target}/release/gyoryu"
mkdir -p "$dest"
tmp="$dest/.gyoryu.installing"
objcopy --strip-debug "$bin" "$tmp"
chmod 755 "$tmp"
mv -f "$tmp" "$dest/gyoryu"
size() { du -h "$1" | cut -f1; }
echo "gyoryu: installed $dest/gyoryu ($(size "$dest/gyoryu"); the build with line tables, $(size "$bin"), stays in $(dirname "$bin"))" >&2
case ":$PATH:" in
  *":$dest:"*) ;;
  *) echo "gyoryu: add $dest to PATH to run it as \`gyoryu\`" >&2 ;;
esac
