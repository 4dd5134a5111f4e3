#!/usr/bin/env bash
# Load on `gyoryu serve`: builds a store, serves it on loopback, and runs 50
# concurrent clients for 30 s over examples/queries/*.rq (the serve_load
# example of crates/gyoryu-serve). Part-way through, one more client sends a
# query far beyond the time limit, to show that it gets a clear timeout while
# the others keep being served. Prints Markdown for docs/BENCHMARKS.md.
#
# With --explorer the clients send the explorer's API instead (searches,
# /api/actor for the ten busiest actors, /api/event for a sample of their
# events): the script waits for the server's explorer index, reports how long
# it took and the server's memory, then runs the mix with one client (latency)
# and with --clients clients (throughput).
#
#   bash benches/serve_load.sh                    # the seed corpus (../shared/corpus/seeds), else the bundled articles
#   bash benches/serve_load.sh --count 2000       # a generated corpus of 2,000 articles instead
#   bash benches/serve_load.sh --corpus DIR --clients 50 --seconds 30 --timeout 2
#   bash benches/serve_load.sh --store DIR --explorer   # an existing store, served read-only, not written
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
arguments="$*"
corpus=""
store=""
explorer=0
count=0
clients=50
seconds=30
timeout=2
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --explorer) explorer=1; shift ;;
    --count) count=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "serve_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "serve_load: $*" >&2; }
cd "$root"
bash scripts/setup.sh
# The whole workspace each time: building one package or target alone
# resolves other features and compiles RocksDB again. The test build is the
# one that builds the examples.
cargo build --release --locked --workspace >&2
cargo test --release --locked --workspace --no-run >&2
target_dir=${CARGO_TARGET_DIR:-$root/target}

work=$(mktemp -d "${TMPDIR:-/tmp}/gyoryu-serve-load.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# Private copies: the target folder may be shared, and a rebuild by someone
# else must not swap a binary in the middle of a run.
mkdir -p "$work/bin"
cp "$target_dir/release/gyoryu" "$target_dir/release/examples/serve_load" "$work/bin/"
bin=$work/bin/gyoryu
load=$work/bin/serve_load

if [ -n "$store" ]; then
  [ -f "$store/CURRENT" ] || { echo "serve_load.sh: $store is not a store" >&2; exit 2; }
  label="the store $store"
elif [ "$count" -gt 0 ]; then
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

if [ -z "$store" ]; then
  log "building the store from $label"
  # shellcheck disable=SC2086
  "$bin" build --store "$work/store" $corpus 2>"$work/build.log" || [ $? -eq 2 ]
  tail -1 "$work/build.log" >&2
  store=$work/store
  store_summary=$(tail -1 "$work/build.log" | sed 's/.*store: //')
else
  store_summary="$(du -sh "$store" | cut -f1) on disk"
fi

# Without --allow-update the store is opened read-only and never written.
"$bin" serve --store "$store" --port 0 --query-timeout "$timeout" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q "serving" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
address=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
[ -n "$address" ] || { cat "$work/serve.log" >&2; exit 1; }
log "server at $address; $clients clients for $seconds s"

rss() { grep VmRSS "/proc/$server/status" | awk '{print $2}'; }

if [ "$explorer" -eq 1 ]; then
  log "waiting for the explorer index"
  rss_start=$(rss)
  until grep -q "explorer index" "$work/serve.log"; do
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 1
  done
  index_line=$(grep "explorer index" "$work/serve.log" | head -1 | sed 's/^gyoryu: //')
  grep -q "explorer index built" "$work/serve.log" || { echo "$index_line" >&2; exit 1; }
  rss_index=$(rss)
  echo "### serve: explorer API, $clients clients, ${seconds} s, $label"
  echo
  echo "* Store: $store_summary"
  echo "* Server: \`gyoryu serve\` (defaults otherwise), on $(nproc) cores, same machine as the clients"
  echo "* Index: $index_line; server resident memory ${rss_start} kB before it, ${rss_index} kB with it"
  echo "* Command: \`bash benches/serve_load.sh $arguments\`; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
  echo
  status=0
  echo "One client, $seconds s (latency):"
  echo
  "$load" --url "$address" --explorer --clients 1 --seconds "$seconds" || status=$?
  echo
  echo "$clients clients, $seconds s (throughput):"
  echo
  "$load" --url "$address" --explorer --clients "$clients" --seconds "$seconds" | grep -v '^Busiest actors' || status=$?
  # Memory before the load, the index built.
  rss_start=$rss_index
else
  # Every pair of triples, with a look-up per pair: far beyond any time limit,
  # and reading the store all along, so its cancellation takes effect at once.
  slow='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f && EXISTS { ?a ?x ?y }) }'

  echo "### serve: $clients clients, ${seconds} s, $label"
  echo
  echo "* Store: $store_summary"
  echo "* Server: \`gyoryu serve --query-timeout $timeout\` (defaults otherwise), on $(nproc) cores, same machine as the clients"
  echo "* Command: \`bash benches/serve_load.sh $arguments\`; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
  echo
  rss_start=$(rss)
  status=0
  "$load" --url "$address/sparql" --queries "$root/examples/queries" \
    --clients "$clients" --seconds "$seconds" --slow "$slow" || status=$?
fi
rss_after=$(rss)
echo
if kill -0 "$server" 2>/dev/null; then
  echo "Server still running after the load (no crash); resident memory ${rss_start} kB before, ${rss_after} kB after."
else
  echo "SERVER DIED during the load."
  status=1
fi
exit $status
