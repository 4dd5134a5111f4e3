#!/usr/bin/env bash
# How long `gyoryu build` takes on pages built to make an HTML parser slow:
# 10 MB of nested `div`s (about 900,000 deep), 100,000 nested `div`s, 100,000
# unclosed `font` tags, and for scale a 10 MB page of 100,000 flat paragraphs.
# The goal: each finishes in under 2 s (stored, or skipped with its reason).
# Prints Markdown for docs/BENCHMARKS.md; exits 1 when a page misses it.
#
#   bash benches/html_depth.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release --locked --bin gyoryu -p gyoryu >&2
bin=${CARGO_TARGET_DIR:-$root/target}/release/gyoryu
work=$(mktemp -d "${TMPDIR:-/tmp}/gyoryu-html-depth.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
sentence = "강원특별자치도는 몽골 울란바토르시와 경제 교류 협약을 체결했다."
def page(body):
    return "<html><head><title>교류</title></head><body>" + body + "</body></html>"
n = 10_000_000 // 11
open(f"{work}/nested-10mb.html", "w").write(page("<div>" * n + sentence + "</div>" * n))
open(f"{work}/nested-100k.html", "w").write(page("<div>" * 100_000 + sentence + "</div>" * 100_000))
open(f"{work}/font-100k.html", "w").write(page(("<font>" + sentence) * 100_000))
open(f"{work}/flat-10mb.html", "w").write(page(("<p>" + sentence + "</p>\n") * 100_000))
EOF

echo "### build on pathological HTML"
echo
echo "* $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg). Goal: under 2 s each."
echo
echo "| page | size | seconds | outcome |"
echo "|---|---|---|---|"
status=0
for page in nested-10mb nested-100k font-100k flat-10mb; do
  file=$work/$page.html
  size=$(du -h "$file" | cut -f1)
  start=$(date +%s.%N)
  "$bin" build --store "$work/store-$page" "$file" 2>"$work/$page.log" || true
  end=$(date +%s.%N)
  seconds=$(python3 -c "print(f'{$end - $start:.2f}')")
  outcome=$(grep -E '^skipped|added' "$work/$page.log" | head -1 | sed "s#$work/##; s/;.*//; s/|/\\\\|/g")
  echo "| $page | $size | $seconds | $outcome |"
  python3 -c "import sys; sys.exit(0 if $seconds < 2.0 else 1)" || status=1
done
echo
[ $status -eq 0 ] && echo "Goal met on every page." || echo "GOAL MISSED on at least one page."
exit $status
