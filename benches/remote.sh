#!/usr/bin/env bash
# The remote path's figures: `build --endpoint` of N generated articles into a
# Virtuoso started here on loopback (Graph Store PUT and SPARQL Update), the
# re-run that finds everything stored, the embedded build of the same corpus
# for comparison, and every example query's latency on both stores.
#
#   bash benches/remote.sh [N]        # default N = 2000
#
# Needs virtuoso-t (Debian's virtuoso-opensource). Prints a Markdown table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
n=${1:-2000}
command -v virtuoso-t >/dev/null || { echo "virtuoso-t is missing: apt-get install virtuoso-opensource" >&2; exit 1; }

cargo build --release --locked --bin gyoryu --example generate_corpus >&2
target=${CARGO_TARGET_DIR:-$root/target}
bin="$target/release/gyoryu"
work=$(mktemp -d)
vpid=""
cleanup() {
  [ -n "$vpid" ] && kill "$vpid" 2>/dev/null && wait "$vpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$target/release/examples/generate_corpus" --count "$n" --out "$work/corpus" >&2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_virtuoso() {
  local dir=$1 sql http
  sql=$(free_port); http=$(free_port)
  mkdir -p "$dir"
  sed -e "s#/var/lib/virtuoso-opensource-7/db#$dir#" \
      -e "/^\[Parameters\]/,/^\[/ s#^ServerPort.*#ServerPort = 127.0.0.1:$sql#" \
      -e "/^\[HTTPServer\]/,/^\[/ s#^ServerPort.*#ServerPort = 127.0.0.1:$http#" \
      /etc/virtuoso-opensource-7/virtuoso.ini > "$dir/virtuoso.ini"
  (cd "$dir" && exec virtuoso-t +configfile "$dir/virtuoso.ini" +foreground > "$dir/out.log" 2>&1) &
  vpid=$!
  url="http://127.0.0.1:$http"
  for _ in $(seq 1 180); do
    "$bin" query --endpoint "$url/sparql" --retries 0 --timeout 5 'ASK {}' >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "virtuoso did not start" >&2; cat "$dir/out.log" >&2; exit 1
}
stop_virtuoso() { kill "$vpid"; wait "$vpid" 2>/dev/null || true; vpid=""; }

# Seconds of one command, its summary line on stderr kept.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" 2>"$work/last.err" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

export GYORYU_ENDPOINT_USER=dba GYORYU_ENDPOINT_PASSWORD=dba
rows=()

start_virtuoso "$work/v-gsp"
t=$(timed "$bin" build --endpoint "$url/sparql" --graph-store "$url/sparql-graph-crud-auth" "$work/corpus")
rows+=("| build --endpoint, Graph Store PUT | $t | $(printf '%.0f' "$(echo "$n / $t" | bc -l)") | $(tail -1 "$work/last.err" | cut -d';' -f1) |")
t=$(timed "$bin" build --endpoint "$url/sparql" --graph-store "$url/sparql-graph-crud-auth" "$work/corpus")
rows+=("| same again (all stored) | $t | $(printf '%.0f' "$(echo "$n / $t" | bc -l)") | $(tail -1 "$work/last.err" | cut -d';' -f1) |")
gsp_url=$url
stop_virtuoso

start_virtuoso "$work/v-update"
t=$(timed "$bin" build --endpoint "$url/sparql" --update-endpoint "$url/sparql-auth" "$work/corpus")
rows+=("| build --endpoint, SPARQL Update | $t | $(printf '%.0f' "$(echo "$n / $t" | bc -l)") | $(tail -1 "$work/last.err" | cut -d';' -f1) |")

t=$(timed "$bin" build --store "$work/local.db" "$work/corpus")
rows+=("| build, embedded store | $t | $(printf '%.0f' "$(echo "$n / $t" | bc -l)") | $(tail -1 "$work/last.err" | cut -d';' -f1) |")
t=$(timed "$bin" export --store "$work/local.db" --endpoint "$url/sparql" --graph-store "$url/sparql-graph-crud-auth")
rows+=("| export --endpoint (embedded → Virtuoso) | $t | $(printf '%.0f' "$(echo "$n / $t" | bc -l)") | $(tail -1 "$work/last.err") |")

echo
echo "$n generated articles, $(nproc) cores, Virtuoso $(virtuoso-t -? 2>&1 | grep -o 'Version [0-9.]*' | head -1)"
echo
echo "| run | seconds | articles/s | summary |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "| query | embedded ms | Virtuoso ms (via query --endpoint) | rows |"
echo "|---|---|---|---|"
for q in examples/queries/*.rq; do
  le=$(timed "$bin" query --store "$work/local.db" --format csv --file "$q")
  start=$(date +%s.%N)
  if "$bin" query --endpoint "$url/sparql" --timeout 300 --format csv --file "$q" > "$work/remote.csv" 2>"$work/last.err"; then
    lr=$(printf '%.0f' "$(echo "($(date +%s.%N) - $start) * 1000" | bc)")
    rowsn=$(tail -n +2 "$work/remote.csv" | wc -l)
  else
    lr="failed after $(printf '%.0f' "$(echo "($(date +%s.%N) - $start) * 1000" | bc)"): $(grep -o 'Error [A-Z0-9]*: [^:]*' "$work/last.err" | head -1)"
    rowsn="-"
  fi
  printf '| %s | %.0f | %s | %s |\n' "$(basename "$q")" "$(echo "$le * 1000" | bc)" "$lr" "$rowsn"
done
