#!/usr/bin/env bash
# The whole test suite: `bash scripts/test.sh`. Formatting and clippy first
# (both fail on any finding), then every test. Everything runs in the release
# profile so that RocksDB and the dictionary are compiled once for the
# binary, clippy and the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo fmt --all --check
cargo clippy --release --locked --workspace --all-targets -- -D warnings
cargo test --release --locked --workspace "$@"
