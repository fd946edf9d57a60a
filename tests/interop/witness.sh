#!/usr/bin/env bash
# Witnessed history, end to end, checked with the Go reference code: a
# ledger served by `trustgate serve` with two trustgate witnesses; Go reads
# the cosigned checkpoint and the tiles and proves every entry; Go acts as a
# log of its own in front of a trustgate witness; `ledger verify --witness`
# and `ledger audit` agree; then a fork of the ledger (same key, another
# history) is refused by the witnesses and caught by the auditor.
#   witness.sh TRUSTGATE_BIN WORK_DIR
set -euo pipefail
tg="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v go >/dev/null || { echo "FAIL: go is not installed (scripts/setup installs golang-go)"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
export GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$work/gocache"
(cd "$here" && go build -o "$work/witnesscheck" witnesscheck.go)

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.1; done; echo "FAIL: $1 did not start"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }

d="$work/log"
"$tg" init --data "$d" --policies "$root/policies" >"$work/init.out"
cp -a "$d" "$work/fork"  # the same key and first entry: a fork to come
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verifier_key"])' "$d/config.json")
token=$(grep -oE 'tg_[A-Za-z0-9_-]{20,}' "$work/init.out" | head -1)
"$work/witnesscheck" keygen "$work"
wkeys=() wurls=()
for w in w1 w2; do
  "$tg" witness init --data "$work/$w" --name "witness.test/$w" >"$work/$w.out"
  wkeys+=("$(grep -oE 'witness.test/[a-z0-9]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+' "$work/$w.out" | head -1)")
  "$tg" witness follow "$key" --data "$work/$w" >/dev/null
  port=$(free_port)
  wurls+=("http://127.0.0.1:$port")
done
"$tg" witness follow "$(cat "$work/go.vkey")" --data "$work/w1" >/dev/null
for i in 0 1; do
  "$tg" witness serve --data "$work/w$((i + 1))" --listen "${wurls[$i]#http://}" >"$work/w$((i + 1)).log" 2>&1 &
  pids+=($!)
  wait_up "${wurls[$i]}"
  for dir in "$d" "$work/fork"; do "$tg" ledger witness add --data "$dir" --url "${wurls[$i]}" --key "${wkeys[$i]}" >/dev/null; done
done

serve() {  # serve DIR -> sets url, starts the server
  local port; port=$(free_port)
  url="http://127.0.0.1:$port"
  "$tg" serve --data "$1" --listen "127.0.0.1:$port" --access-log none >"$work/serve.log" 2>&1 &
  pids+=($!)
  wait_up "$url"
}
submit() {  # submit N ID-PREFIX
  for i in $(seq "$1"); do
    sed "s/\"optional-client-id\"/\"$2-$i\"/" "$root/examples/requests/chicago-detainer.json" >"$work/r.json"
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/v1/cases" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data @"$work/r.json")
    [ "$code" = 201 ] || fail "submitting a case: HTTP $code"
  done
}
cosigned_by_both() {
  local cp; cp=$(curl -sf "$url/checkpoint")
  echo "$cp" | grep -q "witness.test/w1 " && echo "$cp" | grep -q "witness.test/w2 "
}

serve "$d"
submit 4 log
for _ in $(seq 100); do cosigned_by_both && break; sleep 0.1; done
cosigned_by_both || fail "the checkpoint was not cosigned by both witnesses"
echo "ok: the ledger's checkpoint is cosigned by both witnesses"
"$work/witnesscheck" log "$url" "$key" "${wkeys[0]}"
"$work/witnesscheck" witness "${wurls[0]}" "${wkeys[0]}" "$work"
"$tg" ledger audit "$url" --key "$key" --state "$work/audit.cp" --witness "${wkeys[0]}" --witness "${wkeys[1]}" --quorum 2 ||
  fail "ledger audit of the ledger"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
"$tg" ledger verify --data "$d" --witness "${wkeys[0]}" --witness "${wkeys[1]}" || fail "ledger verify --witness"
echo "ok: ledger verify --witness w1 --witness w2"
size=$(sed -n 2p <("$tg" ledger head --data "$d"))

# The fork: the same key and first entry, another history, made longer than
# the one the witnesses cosigned.
serve "$work/fork"
submit $((size + 2)) fork
sleep 1.5
curl -sf "$url/metrics" >"$work/metrics.txt"
if grep -E '^trustgate_witness_lag_entries' "$work/metrics.txt" | grep -qE ' 0$'; then
  fail "a witness cosigned the fork"
fi
grep -q "422\|ALARM" "$work/serve.log" || fail "no witness refused the fork (serve.log)"
echo "ok: both witnesses refuse to cosign the fork"
if "$tg" ledger audit "$url" --key "$key" --state "$work/audit.cp" 2>"$work/audit.err"; then
  fail "ledger audit accepted the fork"
fi
grep -q "rewritten\|shrank" "$work/audit.err" || fail "ledger audit did not say the history was rewritten: $(cat "$work/audit.err")"
echo "ok: ledger audit detects the rewritten history"
echo "all witness checks hold"
