#!/usr/bin/env bash
# Builds the Korean dictionary (mecab-ko-dic 2.1.1) that lindera's `embed-ko-dic`
# feature compiles into gyoryu, using crates.io alone.
#
# lindera-ko-dic 6.2's build script would download the source from a web host;
# instead we take the same source from the `lindera-ko-dic` 0.20.0 crate, check its
# sha256, compile it with lindera 6.2's own builder (tools/ko-dic-build) and put the
# result where the build script looks first: $CACHE/6.2.0-fmt2/lindera-ko-dic/.
# The cache directory is set for cargo in .cargo/config.toml. Idempotent: does
# nothing when the dictionary is already built.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.dict-cache"
out="$cache/6.2.0-fmt2/lindera-ko-dic"
tarball_name="mecab-ko-dic-2.1.1-20180720.tar.gz"
tarball_sha256="fd62d3d6d8fa85145528065fabad4d7cb20f6b2201e71be4081a4e9701a5b330"

[ -f "$out/.gyoryu-complete" ] && exit 0

echo "gyoryu: building the ko-dic dictionary (once)" >&2
cargo_home="${CARGO_HOME:-$HOME/.cargo}"

# 1. Fetch the crate that carries the source tarball (never built).
cargo fetch --locked --manifest-path "$root/tools/ko-dic-source/Cargo.toml" >&2
crate=$(ls "$cargo_home"/registry/cache/*/lindera-ko-dic-0.20.0.crate | head -n 1)
# lindera-ko-dic 6.2.0 (a dependency of lindera) ships metadata.json and context_id_freq.txt.
cargo fetch --locked --manifest-path "$root/Cargo.toml" >&2
meta_crate=$(ls "$cargo_home"/registry/cache/*/lindera-ko-dic-6.2.0.crate | head -n 1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$crate" -C "$work" "lindera-ko-dic-0.20.0/resources/$tarball_name"
tarball="$work/lindera-ko-dic-0.20.0/resources/$tarball_name"
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$actual" != "$tarball_sha256" ]; then
  echo "gyoryu: $tarball_name has sha256 $actual, expected $tarball_sha256" >&2
  exit 1
fi
tar -xzf "$meta_crate" -C "$work" lindera-ko-dic-6.2.0/metadata.json lindera-ko-dic-6.2.0/context_id_freq.txt lindera-ko-dic-6.2.0/NOTICE.txt
tar -xzf "$tarball" -C "$work"

# 2. Compile it with lindera 6.2's builder, into a temporary folder first so that an
#    interrupted run never leaves a half-built dictionary behind.
cargo run --release --locked --quiet --manifest-path "$root/Cargo.toml" -p ko-dic-build -- \
  "$work/mecab-ko-dic-2.1.1-20180720" \
  "$work/lindera-ko-dic-6.2.0/metadata.json" \
  "$work/lindera-ko-dic-6.2.0/context_id_freq.txt" \
  "$work/built"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$work/built" "$out"
touch "$out/.gyoryu-complete"
echo "gyoryu: dictionary ready at $out" >&2
