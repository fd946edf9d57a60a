#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) on all cores, seeded from
# the Cedar integration tests when ../shared is present. Prints the number of
# executions per target. Crashes land in fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
"$root/fuzz/build.sh"
bin="$root/build-fuzz/bin"
shared="$root/../shared/cedar/integration"
mkdir -p "$root/fuzz/artifacts"
run_target() {
  local name="$1" seeds="$2"
  local corpus="$root/fuzz/corpus-$name"
  mkdir -p "$corpus"
  if [ -d "$seeds" ]; then find "$seeds" -maxdepth 2 -type f -name "$3" | head -2000 | xargs -r cp -t "$corpus" 2>/dev/null || true; fi
  "$bin/$name" "$corpus" -max_total_time="$seconds" -artifact_prefix="$root/fuzz/artifacts/$name-" \
     -print_final_stats=1 2>&1 | tee "$root/fuzz/artifacts/$name.log" | grep -E "stat::number_of_executed_units|ERROR|Done" || true
}
seed_dir=""
if [ -f "$shared/corpus-tests.tar.gz" ]; then
  seed_dir="$(mktemp -d)"
  tar xzf "$shared/corpus-tests.tar.gz" -C "$seed_dir"
fi
run_target policy_parser_fuzz "$seed_dir/corpus-tests" "*.cedar" &
run_target entities_json_fuzz "$seed_dir/corpus-tests" "*.entities.json" &
wait
run_target schema_parser_fuzz "$seed_dir/corpus-tests" "*.cedarschema*" &
wait
