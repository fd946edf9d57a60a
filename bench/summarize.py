#!/usr/bin/env python3
"""Prints the one summary table of scripts/bench.

Usage: summarize.py RESULTS_DIR [--smoke]

RESULTS_DIR holds Google Benchmark JSON files (corpus_bench.json,
scaling_bench.json, decision_bench.json, ledger_bench.json, report_bench.json) and, from a full
run, test_corpus.json (the last line of `trustgate cedar test-corpus --json`)
and peer.json (scripts/bench-peer --out). Missing files leave their rows out.
Times are wall-clock (Google Benchmark's real_time). A smoke run's figures
come from a few iterations and are not measurements; no goal is judged then.
"""
import json
import os
import re
import sys

UNITS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def runs(doc):
    """name -> run, names without "/repeats:N"; for repeated benchmarks, the
    median aggregate."""
    out = {}
    for b in (doc or {}).get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") != "median":
                continue
            name = b["run_name"]
        else:
            name = b["run_name"] if "run_name" in b else b["name"]
        out[re.sub(r"/repeats:\d+", "", name)] = b
    return out


def ns(run):
    return run["real_time"] * UNITS[run.get("time_unit", "ns")]


def fmt_ns(v):
    if v >= 1e9:
        return f"{v / 1e9:.2f} s"
    if v >= 1e6:
        return f"{v / 1e6:.2f} ms"
    if v >= 1e4:
        return f"{v / 1e3:.1f} us"
    if v >= 1e3:
        return f"{v / 1e3:.2f} us"
    return f"{v:.0f} ns"


def find(rs, prefix):
    for name, run in rs.items():
        if name == prefix or name.startswith(prefix + "/"):
            return run
    return None


def corpus_rows(rs, rows):
    labels = [
        ("BM_CorpusParsePolicies", "parse a policy set (mean per set)"),
        ("BM_CorpusParseEntities", "parse an entity set, with schema (mean per set)"),
        ("BM_CorpusParseContext", "parse a context, with schema (mean per request)"),
        ("BM_CorpusEvaluate", "evaluate every policy, no index (mean per request)"),
        ("BM_CorpusAuthorize", "authorize, preloaded (mean per request)"),
        ("BM_CorpusCall", "parse entities + context, authorize (mean per request)"),
    ]
    for name, label in labels:
        run = find(rs, name)
        if run:
            rows.append(("corpus", label, fmt_ns(ns(run)), ""))


def scaling_rows(rs, rows, judge):
    sizes = [10, 100, 1000, 10000]
    medians = {}
    for n in sizes:
        run = rs.get(f"BM_ScalingAuthorize/{n}")
        if run:
            medians[n] = ns(run)
            cands = run.get("candidates")
            extra = f", {cands:.2f} candidates/request" if cands is not None else ""
            rows.append(("scaling", f"authorize, {n} policies (median{extra})",
                         fmt_ns(medians[n]), ""))
    if 10 in medians and 10000 in medians:
        ratio = medians[10000] / medians[10]
        rows.append(("scaling", "growth 10 -> 10,000 policies", f"{ratio:.2f}x",
                     judge(ratio <= 1.5, "<= 1.5x")))
    for name, label in [("BM_ScalingNoIndex/10000", "no index: every condition, 10,000 policies"),
                        ("BM_ScalingLoad/10000", "parse + index 10,000 policies")]:
        run = rs.get(name)
        if run:
            rows.append(("scaling", label, fmt_ns(ns(run)), ""))


def decision_rows(rs, rows):
    for name, label in [
        ("BM_DecideChicagoTwoActions", "decide: Chicago, two actions (median)"),
        ("BM_ParseDecideRenderJson", "parse JSON + decide + render JSON (median)"),
        ("BM_PackAuthorizeChicago", "Cedar authorize, Chicago law (median)"),
    ]:
        run = rs.get(name)
        if run:
            rows.append(("decision", label, fmt_ns(ns(run)), ""))


def ledger_rows(doc, rows):
    best = sqlite = verify = None
    for b in (doc or {}).get("benchmarks", []):
        name = b["name"]
        if name.startswith("BM_LedgerGroupCommit"):
            best = max(best or 0, b.get("appends/s", 0))
        elif name.startswith("BM_SqliteSingleRow"):
            sqlite = b.get("appends/s")
        elif name.startswith("BM_LedgerVerify"):
            verify = b.get("entries/s")
    if best is not None:
        rows.append(("ledger", "durable appends/s, group commit (best)", f"{best:,.0f}", ""))
    if sqlite:
        rows.append(("ledger", "durable appends/s, SQLite one row per txn", f"{sqlite:,.0f}", ""))
        if best:
            rows.append(("ledger", "group commit / SQLite", f"{best / sqlite:.1f}x", ""))
    if verify:
        rows.append(("ledger", "verification, entries/s", f"{verify:,.0f}", ""))


def report_rows(rs, rows, judge):
    summary = find(rs, "BM_ReportSummary")
    if summary:
        cases = int(summary.get("cases", 0))
        seconds = ns(summary) / 1e9
        goal = judge(seconds < 5, "< 5 s for 1,000,000") if cases >= 1000000 else ""
        rows.append(("reports", f"summary report over {cases:,} cases (read, check, count, JSON)",
                     f"{seconds:.2f} s", goal))
    illinois = find(rs, "BM_ReportIllinois")
    if illinois:
        rows.append(("reports", f"il-805-25 report over {int(illinois.get('cases', 0)):,} cases",
                     f"{ns(illinois) / 1e9:.2f} s", ""))
    replay = find(rs, "BM_Replay")
    if replay:
        rate = replay.get("cases/s", 0)
        cases = int(replay.get("cases", 0))
        goal = judge(rate >= 200000, ">= 200,000 cases/s") if cases >= 1000000 else ""
        rows.append(("reports", f"exact replay of {cases:,} cases, cases/s", f"{rate:,.0f}", goal))


def corpus_run_rows(tc, rows, judge):
    if not tc:
        return
    rows.append(("conformance", "corpus requests passed",
                 f"{tc['passed']} of {tc['passed'] + tc['failed']}",
                 judge(tc["failed"] == 0, "all")))
    rows.append(("conformance", "authorize, preloaded (median per request)",
                 fmt_ns(tc["authorize_ns_median"]),
                 judge(tc["authorize_ns_median"] < 300, "< 300 ns")))
    rows.append(("conformance", "parse entities + context, authorize (mean)",
                 fmt_ns(tc["call_us_mean"] * 1e3), ""))


def peer_rows(peer, rows, judge):
    if not peer:
        return
    rows.append(("peer", f"cedar-wasm {peer['cedar_wasm_version']} per request (mean)",
                 fmt_ns(peer["cedar_wasm_call_us_mean"] * 1e3), ""))
    rows.append(("peer", "trustgate per request, same requests (mean)",
                 fmt_ns(peer["trustgate_call_us_mean"] * 1e3), ""))
    rows.append(("peer", "trustgate speed-up", f"{peer['ratio']:.1f}x",
                 judge(peer["ratio"] >= 30, ">= 30x")))
    rows.append(("peer", "requests timed / excluded (64-bit integers)",
                 f"{peer['timed']} / {peer['excluded']} ({peer['excluded_unsafe_integer']})", ""))


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: summarize.py RESULTS_DIR [--smoke]")
    results = sys.argv[1]
    smoke = "--smoke" in sys.argv[2:]

    def judge(ok, goal):
        if smoke:
            return ""
        return f"goal {goal}: {'met' if ok else 'MISSED'}"

    rows = []
    corpus_run_rows(load(results, "test_corpus.json"), rows, judge)
    peer_rows(load(results, "peer.json"), rows, judge)
    corpus_rows(runs(load(results, "corpus_bench.json")), rows)
    scaling_rows(runs(load(results, "scaling_bench.json")), rows, judge)
    decision_rows(runs(load(results, "decision_bench.json")), rows)
    ledger_rows(load(results, "ledger_bench.json"), rows)
    report_rows(runs(load(results, "report_bench.json")), rows, judge)
    if not rows:
        sys.exit("summarize: no benchmark results in " + results)
    title = "trustgate benchmarks"
    if smoke:
        title += " (smoke run: a few iterations each; not measurements)"
    print()
    print(title)
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    for area, label, value, status in rows:
        print(f"  {area:<{w0}}  {label:<{w1}}  {value:>{w2}}  {status}".rstrip())


if __name__ == "__main__":
    main()
