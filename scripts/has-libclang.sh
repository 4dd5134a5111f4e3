#!/usr/bin/env bash
# Exits 0 when bindgen (clang-sys) can load libclang, 1 when it cannot.
#
# clang-sys wants the C library libclang itself: `libclang.so`, `libclang.so.N`
# or `libclang-N.so[.M]`. Debian's stock image ships only `libclang-cpp.so.N`
# (the C++ interface, package libclang-cpp14), which a plain `libclang*.so*`
# glob matches although bindgen cannot use it; so the names are checked one by
# one and the C++ library never counts.
#
# Usage: has-libclang.sh [DIR ...]   (default: $LIBCLANG_PATH, LLVM's and the
# system's library folders)
set -uo pipefail

if [ "$#" -gt 0 ]; then
  dirs=("$@")
else
  dirs=()
  [ -n "${LIBCLANG_PATH:-}" ] && dirs+=("$LIBCLANG_PATH")
  for d in /usr/lib/llvm-*/lib /usr/lib/*-linux-gnu /usr/lib /usr/lib64 /usr/local/lib; do
    [ -d "$d" ] && dirs+=("$d")
  done
fi

for d in "${dirs[@]}"; do
  for f in "$d"/libclang.so "$d"/libclang.so.* "$d"/libclang-*.so "$d"/libclang-*.so.*; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in
      libclang-cpp*) continue ;;
    esac
    exit 0
  done
done
exit 1
