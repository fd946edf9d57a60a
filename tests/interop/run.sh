#!/usr/bin/env bash
# The ecosystem's reference code reads trustgate's record: builds
# tlogcheck.go against Debian's golang-golang-x-mod-dev (GOPATH mode, no
# download) and runs it on a fresh data directory's checkpoint, entries,
# inclusion proofs and consistency proof.
#   run.sh TRUSTGATE_BIN WORK_DIR
set -euo pipefail
tg="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v go >/dev/null || { echo "FAIL: go is not installed (scripts/setup installs golang-go)"; exit 1; }
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] ||
  { echo "FAIL: golang-golang-x-mod-dev is not installed (scripts/setup installs it)"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
export GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$work/gocache"
(cd "$here" && go build -o "$work/tlogcheck" tlogcheck.go)
d="$work/data"
"$tg" init --data "$d" --policies "$root/policies" >"$work/init.out"
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verifier_key"])' "$d/config.json")
for i in 1 2 3 4 5; do
  sed "s/\"optional-client-id\"/\"interop-$i\"/" "$root/examples/requests/chicago-detainer.json" >"$work/r$i.json"
  "$tg" case submit "$work/r$i.json" --data "$d" >"$work/case$i.json"
  [ "$i" = 2 ] && "$tg" ledger head --data "$d" >"$work/old.cp"
done
old_size=$(sed -n 2p "$work/old.cp")
case_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/case3.json")
"$tg" ledger head --data "$d" >"$work/cp"
"$tg" ledger prove "$case_id" --data "$d" >"$work/prove.json"
"$tg" ledger consistency "$old_size" --data "$d" >"$work/consistency.json"
"$work/tlogcheck" "$key" "$work/cp" "$d/ledger/entries.log" "$work/prove.json" "$work/consistency.json"
