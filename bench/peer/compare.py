#!/usr/bin/env python3
"""Combines the alternating runs of scripts/bench-peer into its figures.

Usage: compare.py RUNS.jsonl [OUT.json]
Each line of RUNS.jsonl is "wasm <json>" (bench/peer/cedar_wasm_corpus.mjs)
or "trustgate <json>" (the last line of `trustgate cedar test-corpus --json
--exclude`). Each side's figure is the median of its runs' per-request
means; the ratio is cedar-wasm's over trustgate's. Fails when a pair of runs
did not time the same number of requests.
"""
import json
import statistics
import sys


def main():
    wasm, tg = [], []
    with open(sys.argv[1]) as f:
        for line in f:
            side, text = line.split(" ", 1)
            (wasm if side == "wasm" else tg).append(json.loads(text))
    out = sys.argv[2] if len(sys.argv) > 2 else ""
    if not wasm or len(wasm) != len(tg):
        sys.exit("compare: runs missing")
    for w, t in zip(wasm, tg):
        if w["timed"] != t["timed"]:
            sys.exit(f"compare: the sides timed different requests ({w['timed']} vs {t['timed']})")
    w_mean = statistics.median(w["call_us_mean"] for w in wasm)
    t_mean = statistics.median(t["call_us_mean"] for t in tg)
    first = wasm[0]
    r = {
        "cedar_wasm_version": first["cedar_wasm_version"],
        "runs": len(wasm),
        "requests": first["requests"],
        "timed": first["timed"],
        "excluded": first["excluded"],
        "excluded_unsafe_integer": first["excluded_unsafe_integer"],
        "cedar_wasm_call_us_mean": w_mean,
        "trustgate_call_us_mean": t_mean,
        "cedar_wasm_call_us_means": [w["call_us_mean"] for w in wasm],
        "trustgate_call_us_means": [t["call_us_mean"] for t in tg],
        "ratio": w_mean / t_mean if t_mean else 0.0,
        "trustgate_passed": tg[0]["passed"],
        "trustgate_failed": tg[0]["failed"],
    }
    runs = lambda xs: ", ".join(f"{x:.2f}" for x in xs)
    print(f"cedar-wasm {r['cedar_wasm_version']}: {w_mean:.2f} us per request "
          f"(median of {r['runs']} runs: {runs(r['cedar_wasm_call_us_means'])})")
    print(f"trustgate:        {t_mean:.2f} us per request "
          f"(median of {r['runs']} runs: {runs(r['trustgate_call_us_means'])})")
    print(f"ratio:            {r['ratio']:.1f}x  ({r['timed']} requests timed on both sides; "
          f"{r['excluded']} of {r['requests']} excluded, {r['excluded_unsafe_integer']} of them "
          f"holding integers beyond 2^53)")
    if out:
        with open(out, "w") as f:
            json.dump(r, f, indent=1)


if __name__ == "__main__":
    main()
