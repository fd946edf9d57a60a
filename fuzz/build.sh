#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address + undefined sanitizers)
# into build-fuzz/. Not part of CI's default run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup"
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
out="$root/build-fuzz"
cmake -S "$root" -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRUSTGATE_TESTS=OFF -DTRUSTGATE_FUZZ=ON >/dev/null
ninja -C "$out" -j"$(nproc)" policy_parser_fuzz entities_json_fuzz schema_parser_fuzz
echo "fuzzers in $out/bin"
