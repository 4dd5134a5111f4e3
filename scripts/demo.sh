#!/usr/bin/env bash
# The main job on the built-in defaults: `bash scripts/demo.sh`.
# Builds gyoryu, ingests the bundled example articles into the embedded store
# ./gyoryu.db, asks it one question and exports the graph as Turtle and GraphML.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo build --release --locked
bin="${CARGO_TARGET_DIR:-$root/target}/release/gyoryu"
"$bin" build examples/articles
"$bin" query --file examples/queries/03-who-signed-what.rq
mkdir -p out
"$bin" export --format turtle -o out/gyoryu.ttl
"$bin" export --format graphml -o out/gyoryu.graphml
echo "graph written to out/gyoryu.ttl and out/gyoryu.graphml (store: ./gyoryu.db)"
