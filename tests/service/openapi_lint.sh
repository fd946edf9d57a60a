#!/usr/bin/env bash
# The OpenAPI document (default api/openapi.json) passes `redocly lint`
# (the recommended rules) with no errors and no warnings. @redocly/cli is
# installed by scripts/setup into
# .tools/npm (TRUSTGATE_NPM_DIR); this test downloads nothing. Exit 77
# (skipped, counted as such by scripts/test) when it is not installed.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
npm_dir="${TRUSTGATE_NPM_DIR:-$root/.tools/npm}"
redocly="$npm_dir/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "openapi_lint: no redocly at $redocly (scripts/setup installs it)" >&2
  exit 77
fi
out="$("$redocly" lint --format=stylish "${1:-$root/api/openapi.json}" 2>&1)"
rc=$?
echo "$out" | grep -v '^\s*$' | grep -v '[║╔╚]'
# Warnings count too ("You have N warnings."): the document is kept clean.
if [ "$rc" -ne 0 ] || echo "$out" | grep -qE 'You have [0-9]+ warning'; then
  echo "openapi_lint: redocly reports problems" >&2
  exit 1
fi
echo "openapi_lint: api/openapi.json passes redocly lint"
