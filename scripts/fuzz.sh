#!/usr/bin/env bash
# Fuzzing: `bash scripts/fuzz.sh [target] [seconds]` runs one cargo-fuzz
# target (clean, sentences, dates, extract, document; all of them one after another
# when none is named) for the given time (600 s by default), in one process at a
# time. Installs cargo-fuzz from crates.io when it is missing. The toolchain
# is stable, so RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags; set
# FUZZ_SANITIZER=none when the address sanitizer cannot be used. Debug
# assertions are on, so arithmetic overflow is a crash too.
# Seeds come from the project's own fixtures and are rebuilt each run into
# fuzz/corpus/<target> (ignored by git); crashes land in fuzz/artifacts/.
# Keep a fixed crash in tests/fixtures/fuzz/<target>/ (see its README).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=(clean sentences dates extract document)
[ $# -ge 1 ] && [ -n "$1" ] && [ "$1" != all ] && targets=("$1")
seconds=${2:-600}
sanitizer=${FUZZ_SANITIZER:-address}

bash "$root/scripts/setup-dictionary.sh"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
cd "$root/fuzz"

# The day the publication-date prefix of the `dates` seeds stands for, as
# chrono's days from the common era, shifted as the target reads it.
pub_days=$(( $(date -u -d 2024-05-14 +%s) / 86400 + 719163 ))
le32() { printf "\\x%02x\\x%02x\\x%02x\\x%02x" $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }

seed() {
  local target=$1 dir="corpus/$1" i=0 f mode
  mkdir -p "$dir"
  local files=("$root"/examples/articles/* "$root"/tests/fixtures/articles/* "$root"/tests/fixtures/bad/*)
  for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    i=$((i + 1))
    case "$f" in
      *.html | *.htm) mode=1 ;;
      *.jsonl) mode=2 ;;
      *) mode=0 ;;
    esac
    case $target in
      clean) { printf "\\x$(printf %02x $((mode & 1)))"; head -c 16384 "$f"; } >"$dir/seed-$i" ;;
      extract) { printf "\\x$(printf %02x "$mode")"; head -c 16384 "$f"; } >"$dir/seed-$i" ;;
      document) { printf '\x01'; head -c 16384 "$f"; } >"$dir/seed-$i" ;;
      sentences) head -c 4096 "$f" >"$dir/seed-$i" ;;
      dates)
        # One seed per line that mentions a day or a month, half of them planned.
        local n=0 line
        while IFS= read -r line && [ $n -lt 20 ]; do
          case "$line" in *일* | *월* | *20[0-9][0-9]*) ;; *) continue ;; esac
          n=$((n + 1))
          { le32 $(( (pub_days << 2) | (n & 1) << 1 )); printf '%s' "$line"; } >"$dir/seed-$i-$n"
        done < <(grep -a . "$f" 2>/dev/null | head -c 65536)
        ;;
    esac
  done
}

for t in "${targets[@]}"; do
  seed "$t"
  # Inputs that once broke the target are seeds as they are.
  [ -d "$root/tests/fixtures/fuzz/$t" ] && cp "$root/tests/fixtures/fuzz/$t"/* "corpus/$t/"
  echo "fuzz: $t for ${seconds}s (sanitizer: $sanitizer)" >&2
  cargo fuzz run --release --debug-assertions --sanitizer "$sanitizer" --target-dir target "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1
done
