#!/usr/bin/env bash
# The whole test suite: `bash scripts/test.sh`. Tests run in the release
# profile so that RocksDB and the dictionary are compiled once for both the
# binary and the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo test --release --locked --workspace "$@"
