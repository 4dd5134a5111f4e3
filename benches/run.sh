#!/usr/bin/env bash
# gyoryu benchmarks. Prints Markdown on standard output (progress goes to
# standard error), ready to paste into docs/BENCHMARKS.md.
#
#   bash benches/run.sh                  # 10,000 generated articles
#   bash benches/run.sh --large          # and a second end-to-end run on 100,000
#   bash benches/run.sh --count 2000 --work /tmp/gyb --keep
#
# What it measures:
#   1. extraction throughput against lindera tokenization alone, on the same
#      cleaned texts, at 1 thread and at all threads (examples/bench_extract.rs);
#   2. `gyoryu build` of the generated corpus (10,000 and with --large also
#      100,000 articles) into a fresh store: wall and CPU time, articles/s,
#      peak RSS, store size, triples; then the same build again on the
#      unchanged corpus, and its time as a share of the first;
#   3. the latency of every examples/queries/*.rq against the largest store (5 runs;
#      one run is stopped after --query-timeout seconds, default 120, and no
#      new run of a query starts once its runs took --query-budget seconds,
#      default 120, so that a pathological query cannot hold the script up);
#   4. `gyoryu export` of the largest store in every format, twice: wall time,
#      peak RSS, size, and whether the two runs wrote identical bytes;
#   5. the Python baseline (../shared/benchmarks/python-baseline/pipeline.py,
#      installed with pip into a virtualenv under the work folder) on the
#      largest corpus, and gyoryu's first build of it as a multiple of it
#      (skipped with a note when the baseline or pip is not available;
#      --no-baseline skips it);
#   6. `gyoryu serve` on the largest store with the explorer's API mix
#      (benches/serve_load.sh --explorer: the time to build the explorer index,
#      latency per endpoint with one client, throughput with 50).
#
# Needs: cargo, GNU time (/usr/bin/time) for peak RSS — when it is missing the
# script says so and falls back to sampling VmHWM from /proc (it installs
# nothing unless you pass --install-time, which runs `apt-get install -y time`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
count=10000
large=0
work=""
keep=0
seed=1
runs=5
install_time=0
bench_repeat=3
query_timeout=120
query_budget=120
baseline=1

while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --large) large=1; shift ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --repeat) bench_repeat=$2; shift 2 ;;
    --install-time) install_time=1; shift ;;
    --query-timeout) query_timeout=$2; shift 2 ;;
    --query-budget) query_budget=$2; shift 2 ;;
    --no-baseline) baseline=0; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "bench: $*" >&2; }

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/gyoryu-bench.XXXXXX")
else
  mkdir -p "$work"
fi
if [ "$keep" -eq 0 ]; then
  trap 'rm -rf "$work"' EXIT
fi

target_dir=${CARGO_TARGET_DIR:-$root/target}
log "setting up (scripts/setup.sh) and building (cargo test --release --locked --workspace --no-run)"
bash "$root/scripts/setup.sh" >&2
# The same build as the test suite's: one set of features, so the two share
# every compiled crate (RocksDB above all) instead of building it twice.
(cd "$root" && cargo test --release --locked --workspace --no-run >&2)
# Private copies: the target folder may be shared, and a rebuild by someone
# else must not swap a binary in the middle of a run.
mkdir -p "$work/bin"
cp "$target_dir/release/gyoryu" "$target_dir/release/examples/generate_corpus" "$target_dir/release/examples/bench_extract" "$work/bin/"
bin=$work/bin/gyoryu
gen=$work/bin/generate_corpus
bench=$work/bin/bench_extract

# --- peak RSS -----------------------------------------------------------------
gnu_time=""
if /usr/bin/time -v true >/dev/null 2>&1; then
  gnu_time=/usr/bin/time
elif [ "$install_time" -eq 1 ]; then
  log "installing GNU time (apt-get install -y time)"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq time >&2 && gnu_time=/usr/bin/time
fi
[ -z "$gnu_time" ] && log "GNU time not found: peak RSS is sampled from /proc/PID/status VmHWM every 50 ms (pass --install-time to install it)"

# measure OUTFILE CMD... : runs CMD, writes "wall_s rss_kb exit_code cpu_s" to OUTFILE
# (cpu_s: user + system seconds, "?" without GNU time).
# The command's standard output and error go to OUTFILE.log.
measure() {
  local out=$1; shift
  local t0 t1 rc=0 rss=0 cpu="?"
  t0=$(date +%s%N)
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -v -o "$out.time" "$@" >"$out.log" 2>&1 || rc=$?
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$out.time")
  else
    "$@" >"$out.log" 2>&1 &
    local pid=$! hwm
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$hwm" ] && [ "$hwm" -gt "$rss" ] && rss=$hwm
      sleep 0.05
    done
    wait "$pid" || rc=$?
  fi
  t1=$(date +%s%N)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') $rss $rc $cpu" >"$out"
}

cores=$(nproc 2>/dev/null || echo 1)
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
mem_gb=$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo "?")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "* Machine: $cores cores ($cpu), $mem_gb GB RAM; load average at start: $load"
echo "* gyoryu $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && git diff --quiet HEAD -- src crates data 2>/dev/null || echo ' (with uncommitted changes in src/crates/data)'), release profile"
echo "* Corpus: \`generate_corpus --count N --seed $seed\` (txt, shards of 1,000 files)"
echo

# --- corpora --------------------------------------------------------------------
sizes=("$count")
[ "$large" -eq 1 ] && sizes+=(100000)
for n in "${sizes[@]}"; do
  log "generating $n articles"
  measure "$work/gen-$n" "$gen" --count "$n" --out "$work/corpus-$n" --seed "$seed"
  read -r gen_s _ gen_rc _ <"$work/gen-$n"
  [ "$gen_rc" -eq 0 ] || { cat "$work/gen-$n.log" >&2; exit 1; }
  gen_bytes=$(du -sb "$work/corpus-$n" | cut -f1)
  echo "* Generated $n articles ($(awk -v b="$gen_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB on disk) in ${gen_s} s"
done
echo

# --- 1. extraction vs tokenization ---------------------------------------------------
log "extraction vs tokenization on $count articles (threads 1 and $cores, best of $bench_repeat)"
echo "### Extraction vs tokenization ($count articles, in memory)"
echo
threads="1"
[ "$cores" -gt 1 ] && threads="1,$cores"
"$bench" --repeat "$bench_repeat" --threads "$threads" "$work/corpus-$count"
echo

# --- 2. end to end ------------------------------------------------------------------
echo "### End to end: \`gyoryu build\` into a fresh store"
echo
echo "| articles | run | wall s | CPU s | articles/s | peak RSS MB | store MB (du -sb) | then \`ASK { }\` ms | triples | exit | summary line |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
  store="$work/store-$n.db"
  rm -rf "$store"
  first=""
  for run in first second; do
    log "gyoryu build, $n articles, $run run"
    measure "$work/build-$n-$run" "$bin" build --store "$store" "$work/corpus-$n"
    read -r wall rss rc cpu <"$work/build-$n-$run"
    size=$(du -sb "$store" | cut -f1)
    a0=$(date +%s%N)
    "$bin" query --store "$store" --format csv 'ASK { }' >/dev/null
    a1=$(date +%s%N)
    ask_ms=$(( (a1 - a0) / 1000000 ))
    summary=$(grep -E 'added.*replaced' "$work/build-$n-$run.log" | tail -1 | sed 's/|/\\|/g')
    # The build's own count: distinct triples of all articles (the default graph without the ontology).
    triples=$(echo "$summary" | sed -nE 's/.*, ([0-9]+) triples$/\1/p')
    label=$run
    if [ "$run" = first ]; then
      first=$wall
    else
      label="second (unchanged corpus, $(awk -v a="$wall" -v b="$first" 'BEGIN { printf "%.1f", 100 * a / b }')% of first)"
    fi
    echo "| $n | $label | $wall | $cpu | $(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / w }') | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') | $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') | $ask_ms | $triples | $rc | $summary |"
  done
done
echo
echo "(Wall time is the whole command: opening the store, loading the dictionary, the build, the final flush and the summary's counts. CPU s is user + system time of the process, which on a shared machine says more than wall time. Exit code 2 means some inputs were skipped. \`ASK { }\` is a separate \`gyoryu query\` process started right after the build: its time is mostly opening the store.)"
echo

# --- 3. SPARQL --------------------------------------------------------------------
# On the largest store built.
qn=${sizes[$(( ${#sizes[@]} - 1 ))]}
store="$work/store-$qn.db"
echo "### SPARQL latency on the $qn-article store ($runs runs each, \`gyoryu query --format csv --file …\`, whole process)"
echo
echo "| query | rows | runs | median ms | max ms |"
echo "|---|---:|---:|---:|---:|"
for q in "$root"/examples/queries/*.rq; do
  name=$(basename "$q")
  log "query $name"
  times=()
  rows=0
  spent=0
  for _ in $(seq "$runs"); do
    [ "$spent" -ge $(( query_budget * 1000 )) ] && break
    t0=$(date +%s%N)
    qrc=0
    timeout "$query_timeout" "$bin" query --store "$store" --format csv --file "$q" >"$work/q.out" 2>"$work/q.err" || qrc=$?
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    spent=$(( spent + ms ))
    if [ "$qrc" -eq 124 ]; then
      rows="timeout (> ${query_timeout} s)"
      times+=("$ms")
      break
    elif [ "$qrc" -ne 0 ]; then
      rows="error: $(head -c 200 "$work/q.err" | tr '\n|' '  ')"
    fi
    times+=("$ms")
  done
  case "$rows" in error*|timeout*) ;; *) rows=$(( $(tr -d '\r' <"$work/q.out" | grep -c '') - 1 )) ;; esac
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( ${#sorted[@]} / 2 ))]}
  max=${sorted[$(( ${#sorted[@]} - 1 ))]}
  echo "| $name | $rows | ${#times[@]} | $median | $max |"
done
echo
t0=$(date +%s%N)
"$bin" query --store "$store" --format csv 'ASK { }' >/dev/null
t1=$(date +%s%N)
echo "(For scale: a trivial \`ASK { }\` takes $(( (t1 - t0) / 1000000 )) ms, the cost of starting the process and opening the store.)"
echo

# --- 4. exports ---------------------------------------------------------------------
echo "### Exports of the $qn-article store (\`gyoryu export --format F -o FILE\`, twice each)"
echo
echo "| format | wall s | peak RSS MB | size MB | second run wall s | second run peak RSS MB | identical bytes |"
echo "|---|---:|---:|---:|---:|---:|---|"
for format in turtle ntriples nquads trig graphml gexf; do
  log "export $format"
  sums=()
  cells=()
  for run in 1 2; do
    out="$work/export.$format"
    rm -f "$out"
    measure "$work/export-$format-$run" "$bin" export --store "$store" --format "$format" -o "$out"
    read -r wall rss rc _ <"$work/export-$format-$run"
    if [ "$rc" -ne 0 ]; then
      cells+=("error $rc" "-")
      sums+=("error")
      continue
    fi
    sums+=("$(sha256sum "$out" | cut -c1-64)")
    [ "$run" -eq 1 ] && size=$(stat -c %s "$out")
    cells+=("$wall" "$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')")
    rm -f "$out"
  done
  same=no
  [ "${sums[0]}" = "${sums[1]}" ] && [ "${sums[0]}" != error ] && same="yes (sha256 ${sums[0]:0:12}…)"
  echo "| $format | ${cells[0]} | ${cells[1]} | $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') | ${cells[2]} | ${cells[3]} | $same |"
done
echo

# --- 5. the Python baseline ------------------------------------------------------------
pipeline="$root/../shared/benchmarks/python-baseline/pipeline.py"
if [ "$baseline" -eq 1 ] && [ -f "$pipeline" ]; then
  echo "### The Python baseline on the same $qn articles"
  echo
  log "installing the Python baseline's packages into $work/venv"
  if python3 -m venv "$work/venv" >&2 && "$work/venv/bin/pip" install -q python-mecab-ko rdflib >&2; then
    log "python baseline, $qn articles"
    measure "$work/python-$qn" "$work/venv/bin/python" "$pipeline" "$work/corpus-$qn" "$work/python.nq"
    read -r py_wall py_rss py_rc py_cpu <"$work/python-$qn"
    read -r g_wall _ _ g_cpu <"$work/build-$qn-first"
    py_line=$(grep -E '^articles=' "$work/python-$qn.log" | tail -1)
    echo "| pipeline | wall s | CPU s | articles/s | peak RSS MB | exit |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "| Python (\`$py_line\`) | $py_wall | $py_cpu | $(awk -v n="$qn" -v w="$py_wall" 'BEGIN { printf "%.0f", n / w }') | $(awk -v k="$py_rss" 'BEGIN { printf "%.0f", k / 1024 }') | $py_rc |"
    echo "| \`gyoryu build\` (first run above) | $g_wall | $g_cpu | $(awk -v n="$qn" -v w="$g_wall" 'BEGIN { printf "%.0f", n / w }') | | |"
    echo
    echo "gyoryu is **$(awk -v a="$py_wall" -v b="$g_wall" 'BEGIN { printf "%.1f", a / b }')×** the Python baseline's speed on this corpus (wall time; $(awk -v a="$py_cpu" -v b="$g_cpu" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "?" }')× by CPU time). The baseline writes N-Quads and no store; its extraction is far cruder."
    rm -f "$work/python.nq"
  else
    echo "(The Python baseline was not run: creating a virtualenv or \`pip install python-mecab-ko rdflib\` failed.)"
  fi
  echo
fi
# --- 6. the explorer under load -----------------------------------------------------------
log "serve_load --explorer on the $qn-article store"
bash "$root/benches/serve_load.sh" --store "$store" --explorer || echo "(serve_load.sh failed with exit code $?)"
echo
[ "$keep" -eq 1 ] && log "kept $work"
exit 0
