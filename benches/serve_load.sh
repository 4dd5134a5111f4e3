#!/usr/bin/env bash
# Load on `gyoryu serve`: builds a store, serves it on loopback, and runs 50
# concurrent clients for 30 s over examples/queries/*.rq (the serve_load
# example of crates/gyoryu-serve). Part-way through, one more client sends a
# query far beyond the time limit, to show that it gets a clear timeout while
# the others keep being served. Prints Markdown for docs/BENCHMARKS.md.
#
#   bash benches/serve_load.sh                    # the seed corpus (../shared/corpus/seeds), else the bundled articles
#   bash benches/serve_load.sh --count 2000       # a generated corpus of 2,000 articles instead
#   bash benches/serve_load.sh --corpus DIR --clients 50 --seconds 30 --timeout 2
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
arguments="$*"
corpus=""
count=0
clients=50
seconds=30
timeout=2
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "serve_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "serve_load: $*" >&2; }
cd "$root"
bash scripts/setup.sh
cargo build --release --locked --bin gyoryu -p gyoryu >&2
cargo build --release --locked -p gyoryu-serve --example serve_load >&2
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/gyoryu

work=$(mktemp -d "${TMPDIR:-/tmp}/gyoryu-serve-load.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$count" -gt 0 ]; then
  cargo build --release --locked --example generate_corpus >&2
  "$target_dir/release/examples/generate_corpus" --count "$count" --out "$work/corpus" >&2
  corpus=$work/corpus
  label="$count generated articles"
elif [ -z "$corpus" ]; then
  if [ -d "$root/../shared/corpus/seeds" ]; then
    corpus=$root/../shared/corpus/seeds
  else
    corpus="$root/examples/articles $root/tests/fixtures/articles"
  fi
  label="$(basename "$corpus")"
else
  label="$corpus"
fi

log "building the store from $label"
# shellcheck disable=SC2086
"$bin" build --store "$work/store" $corpus 2>"$work/build.log" || [ $? -eq 2 ]
tail -1 "$work/build.log" >&2

"$bin" serve --store "$work/store" --port 0 --query-timeout "$timeout" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q "serving" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
address=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
[ -n "$address" ] || { cat "$work/serve.log" >&2; exit 1; }
log "server at $address; $clients clients for $seconds s"

# Every pair of triples, with a look-up per pair: far beyond any time limit,
# and reading the store all along, so its cancellation takes effect at once.
slow='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f && EXISTS { ?a ?x ?y }) }'

echo "### serve: $clients clients, ${seconds} s, $label"
echo
echo "* Store: $(tail -1 "$work/build.log" | sed 's/.*store: //')"
echo "* Server: \`gyoryu serve --query-timeout $timeout\` (defaults otherwise), on $(nproc) cores, same machine as the clients"
echo "* Command: \`bash benches/serve_load.sh $arguments\`; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
echo
rss_before=$(grep VmRSS "/proc/$server/status" | awk '{print $2}')
status=0
"$target_dir/release/examples/serve_load" --url "$address/sparql" --queries "$root/examples/queries" \
  --clients "$clients" --seconds "$seconds" --slow "$slow" || status=$?
rss_after=$(grep VmRSS "/proc/$server/status" | awk '{print $2}')
echo
if kill -0 "$server" 2>/dev/null; then
  echo "Server still running after the load (no crash); resident memory ${rss_before} kB before, ${rss_after} kB after."
else
  echo "SERVER DIED during the load."
  status=1
fi
exit $status
