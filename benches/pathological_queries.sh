#!/usr/bin/env bash
# Can `gyoryu serve` be knocked over? Serves a store on 127.0.0.1 only, sends
# 20 pathological queries (cross products that run far past the time limit,
# queries nested 10,000 and 100,000 deep, long UNION chains) with
# --query-timeout 5, all at once, then times ordinary queries: each must be
# answered within 1 s, and the server must still be running. Bounded: 20
# attack requests, 10 ordinary ones, about a minute in all. Prints Markdown
# for docs/BENCHMARKS.md; exits 1 when a goal is missed.
#
#   bash benches/pathological_queries.sh                 # the seed corpus (../shared/corpus/seeds), else the bundled articles
#   bash benches/pathological_queries.sh --corpus DIR
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=""
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "pathological_queries.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
cd "$root"
cargo build --release --locked --bin gyoryu -p gyoryu >&2
bin=${CARGO_TARGET_DIR:-$root/target}/release/gyoryu

work=$(mktemp -d "${TMPDIR:-/tmp}/gyoryu-pathological.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$corpus" ]; then
  if [ -d "$root/../shared/corpus/seeds" ]; then corpus=$root/../shared/corpus/seeds; else corpus="$root/examples/articles $root/tests/fixtures/articles"; fi
fi
# shellcheck disable=SC2086
"$bin" build --store "$work/store" $corpus 2>"$work/build.log" || [ $? -eq 2 ]

"$bin" serve --store "$work/store" --bind 127.0.0.1 --port 0 --query-timeout 5 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q serving "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1)/sparql
[ "$url" != "/sparql" ] || { cat "$work/serve.log" >&2; exit 1; }

python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
queries = {
    "cross": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cross-exists": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c != ?f && EXISTS { ?a ?x ?y }) }",
    "braces": "SELECT * WHERE " + "{" * 10000 + "}" * 10000,
    "parens": "SELECT * WHERE { FILTER(" + "(" * 100000 + "1" + ")" * 100000 + ") }",
    "unions": "SELECT * WHERE { " + "{} UNION " * 20000 + "{} }",
}
for name, text in queries.items():
    open(f"{work}/{name}.rq", "w").write(text)
EOF

echo "### serve under pathological queries: $(basename "$corpus")"
echo
echo "* Server: \`gyoryu serve --query-timeout 5\` on 127.0.0.1, $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "* Attack: 20 requests at once (8 three-way cross products, 4 cross products with EXISTS, 8 nested or chained 10,000-100,000 deep)"
echo
kinds=(cross cross cross cross cross cross cross cross cross-exists cross-exists cross-exists cross-exists braces braces parens parens unions unions braces parens)
pids=()
for i in $(seq 0 19); do
  kind=${kinds[$i]}
  curl -s -o "$work/attack-$i.body" -w '%{http_code} %{time_total}\n' --max-time 60 \
    -H 'Accept: text/csv' --data-urlencode "query@$work/$kind.rq" "$url" >"$work/attack-$i.status" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
echo "| attack | status | seconds |"
echo "|---|---|---|"
for i in $(seq 0 19); do
  read -r code seconds <"$work/attack-$i.status" || true
  echo "| ${kinds[$i]} | ${code:-none} | ${seconds:-} |"
done
echo
status=0
kill -0 "$server" 2>/dev/null || { echo "SERVER DIED under the attack."; exit 1; }
rss=$(grep VmRSS "/proc/$server/status" | awk '{print $2}')
echo "Then 10 ordinary queries, one after another (goal: each within 1 s):"
echo
echo "| query | status | seconds |"
echo "|---|---|---|"
ordinary=("ASK {}" "SELECT ?l WHERE { ?c a gy:Country ; rdfs:label ?l } LIMIT 20" "SELECT (COUNT(*) AS ?n) WHERE { ?d a gy:Document }")
for i in $(seq 0 9); do
  query=${ordinary[$((i % 3))]}
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 -H 'Accept: text/csv' --data-urlencode "query=$query" "$url")
  echo "| \`$query\` | $code | $seconds |"
  if [ "$code" != 200 ] || ! python3 -c "import sys; sys.exit(0 if float('$seconds') < 1.0 else 1)"; then status=1; fi
done
echo
kill -0 "$server" 2>/dev/null || { echo "SERVER DIED."; exit 1; }
echo "Server still running; resident memory after the attack ${rss} kB, now $(grep VmRSS "/proc/$server/status" | awk '{print $2}') kB."
[ $status -eq 0 ] && echo "Goal met: every ordinary query answered within 1 s." || echo "GOAL MISSED: an ordinary query failed or took 1 s or more."
exit $status
