#!/usr/bin/env python3
"""Turns a JMH JSON result of the Signet suite into the ratio tables of docs/benchmarks.md.

Usage: bench/report.py RESULT.json             the tables of one run
       bench/report.py ROUND1.json ROUND2.json …  per-round ratios and their median (run.sh rounds)

Every ratio is between two benchmarks of the same run. Two measures are given: throughput
(ops/s, what JMH reports) and CPU cost (process CPU microseconds per operation, from the
CpuCost counters; by default the benchmark thread's CPU time, BENCH_CPU=cpuNanos for the whole
JVM's), which other processes on a shared machine disturb much less.
"""
import json
import os
import sys

ALGORITHMS = ["RS256", "ES256", "EdDSA"]
PROVIDERS = ["jdk", "accp"]
PEERS = ["jjwt", "auth0", "jose4j", "spring"]
TARGET_SELF = 0.9
# CPU measure used for ratios: "threadNanos" (benchmark thread; default) or "cpuNanos" (whole JVM)
MEASURE = os.environ.get("BENCH_CPU", "threadNanos")
TARGET_PEER = {"RS256": 2.0, "ES256": 8.0}


def load(path):
    results = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2] + "." + name[-1],) + tuple(sorted(r.get("params", {}).items()))
        secondary = r.get("secondaryMetrics", {})
        def per_op(counter):
            if counter not in secondary or "cpuOps" not in secondary:
                return None
            nanos = sum(sum(fork) for fork in secondary[counter]["rawData"])
            ops = sum(sum(fork) for fork in secondary["cpuOps"]["rawData"])
            return nanos / ops / 1000 if ops else None
        primary = r["primaryMetric"]
        results[key] = {"ops": primary["score"], "error": primary["scoreError"],
                        "cpu": per_op(MEASURE), "process": per_op("cpuNanos")}
    return results


def get(results, benchmark, **params):
    key = (benchmark,) + tuple(sorted(params.items()))
    return results.get(key)


def ratio(a, b):
    """(throughput ratio a/b, CPU-cost ratio cost(b)/cost(a)): both > 1 when a is faster."""
    if not a or not b:
        return None, None
    ops = a["ops"] / b["ops"]
    cpu = b["cpu"] / a["cpu"] if a["cpu"] and b["cpu"] else None
    return ops, cpu


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def ops(r):
    if not r:
        return "–"
    error = r["error"]
    if isinstance(error, (int, float)) and error == error:  # JMH writes "NaN" for too few iterations
        return f"{r['ops']:,.0f} ± {error:,.0f}"
    return f"{r['ops']:,.0f}"


def proc(r):
    return "–" if not r or r.get("process") is None else f"{r['process']:.1f}"


def cpu(r):
    return "–" if not r or r["cpu"] is None else f"{r['cpu']:.1f}"


def verdict(values, target):
    known = [v for v in values if v is not None]
    if not known:
        return "not measured"
    if all(v >= target for v in known):
        return "met"
    if any(v >= target for v in known):
        return "borderline"
    return "**missed**"


def main(path):
    results = load(path)
    out = []
    out.append("### Signet against raw JCA verify (same keys, same provider)\n")
    out.append(f"CPU measure: {MEASURE} (µs per operation).\n")
    out.append("`raw` is `Signature.update` + `verify` on an initialised `Signature`; ratios are "
               "Signet / raw, by throughput and by CPU cost (target ≥ 0.9).\n")
    out.append("| alg | provider | raw ops/s | raw µs CPU/op | fresh-instance raw ops/s | request-token ops/s | request-token µs CPU/op (JVM) | "
               "**request/raw** (thrpt) | **request/raw** (CPU) | access-token ops/s | access/raw (thrpt) | access/raw (CPU) | target |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for alg in ALGORITHMS:
        for provider in PROVIDERS:
            raw = get(results, "VerifyBenchmark.raw", algorithm=alg, provider=provider)
            fresh = get(results, "VerifyBenchmark.rawFreshInstance", algorithm=alg, provider=provider)
            request = get(results, "VerifyBenchmark.requestToken", algorithm=alg, provider=provider)
            access = get(results, "VerifyBenchmark.accessToken", algorithm=alg, provider=provider)
            if not raw:
                continue
            rq = ratio(request, raw)
            ac = ratio(access, raw)
            out.append(f"| {alg} | {provider} | {ops(raw)} | {cpu(raw)} | {ops(fresh)} | {ops(request)} | {cpu(request)} ({proc(request)}) | "
                       f"**{fmt(rq[0])}** | **{fmt(rq[1])}** | {ops(access)} | {fmt(ac[0])} | {fmt(ac[1])} | "
                       f"{verdict(list(rq), TARGET_SELF)} |")

    out.append("\n### Peers verifying the same request tokens (JDK providers; `accp` = ACCP installed globally in that fork)\n")
    out.append("| alg | peer | ops/s (JDK) | µs CPU/op (JDK) | ops/s (global ACCP) | µs CPU/op (global ACCP) |")
    out.append("|---|---|---:|---:|---:|---:|")
    for alg in ALGORITHMS:
        for peer in PEERS:
            plain = get(results, "PeerBenchmark." + peer, algorithm=alg, globalProvider="none")
            accp = get(results, "PeerBenchmark." + peer, algorithm=alg, globalProvider="accp")
            if plain or accp:
                out.append(f"| {alg} | {peer} | {ops(plain)} | {cpu(plain)} | {ops(accp)} | {cpu(accp)} |")

    out.append("\n### Signet request-token verify against the fastest peer\n")
    out.append("Fastest peer = highest throughput (and, separately, lowest CPU cost) among the peers on the "
               "JDK's providers. Targets with ACCP: ≥ 2× on RS256, ≥ 8× on ES256.\n")
    out.append("| alg | fastest peer (thrpt) | Signet+JDK / peer (thrpt) | Signet+ACCP / peer (thrpt) | fastest peer (CPU) | "
               "Signet+JDK / peer (CPU) | Signet+ACCP / peer (CPU) | ceiling: raw ACCP / peer (thrpt, CPU) | "
               "Signet+ACCP / fastest peer with global ACCP (thrpt, CPU) | target | verdict |")
    out.append("|---|---|---:|---:|---|---:|---:|---:|---:|---|---|")
    for alg in ALGORITHMS:
        peers = {p: get(results, "PeerBenchmark." + p, algorithm=alg, globalProvider="none") for p in PEERS}
        peers = {p: r for p, r in peers.items() if r}
        global_peers = {p: get(results, "PeerBenchmark." + p, algorithm=alg, globalProvider="accp") for p in PEERS}
        global_peers = {p: r for p, r in global_peers.items() if r}
        if not peers:
            continue
        by_ops = max(peers, key=lambda p: peers[p]["ops"])
        with_cpu = {p: r for p, r in peers.items() if r["cpu"]}
        by_cpu = min(with_cpu, key=lambda p: with_cpu[p]["cpu"]) if with_cpu else None
        jdk = get(results, "VerifyBenchmark.requestToken", algorithm=alg, provider="jdk")
        accp = get(results, "VerifyBenchmark.requestToken", algorithm=alg, provider="accp")
        best_ops = {"ops": peers[by_ops]["ops"], "cpu": None}
        best_cpu = {"ops": 1, "cpu": with_cpu[by_cpu]["cpu"]} if by_cpu else None
        jdk_ops, _ = ratio(jdk, best_ops)
        accp_ops, _ = ratio(accp, best_ops)
        _, jdk_cpu = ratio(jdk, best_cpu)
        _, accp_cpu = ratio(accp, best_cpu)
        raw_accp = get(results, "VerifyBenchmark.raw", algorithm=alg, provider="accp")
        ceiling = f"{fmt(ratio(raw_accp, best_ops)[0])}, {fmt(ratio(raw_accp, best_cpu)[1])}"
        global_cell = "–"
        if global_peers:
            g_ops = max(global_peers, key=lambda p: global_peers[p]["ops"])
            g_cpu = [r["cpu"] for r in global_peers.values() if r["cpu"]]
            go = ratio(accp, {"ops": global_peers[g_ops]["ops"], "cpu": None})[0]
            gc = ratio(accp, {"ops": 1, "cpu": min(g_cpu)})[1] if g_cpu else None
            global_cell = f"{fmt(go)}, {fmt(gc)}"
        target = TARGET_PEER.get(alg)
        out.append(f"| {alg} | {by_ops} | {fmt(jdk_ops)} | **{fmt(accp_ops)}** | {by_cpu or '–'} | {fmt(jdk_cpu)} | "
                   f"**{fmt(accp_cpu)}** | {ceiling} | {global_cell} | {'≥ %g×' % target if target else 'none'} | "
                   f"{verdict([accp_ops, accp_cpu], target) if target else '–'} |")

    steps = [(k, v) for k, v in results.items() if k[0].startswith("StepsBenchmark.")]
    if steps:
        out.append("\n### Steps of a request-token verify (StepsBenchmark)\n")
        out.append("| step | alg | provider | ops/s | µs CPU/op |")
        out.append("|---|---|---|---:|---:|")
        for k, v in sorted(steps):
            params = dict(k[1:])
            out.append(f"| {k[0].split('.')[1]} | {params.get('algorithm', '')} | {params.get('provider', '')} | {ops(v)} | {cpu(v)} |")
    print("\n".join(out))


def round_ratios(results):
    """The headline ratios of one round: {(label, alg[, provider]): (thrpt ratio, CPU ratio)}."""
    ratios = {}
    for alg in ALGORITHMS:
        for provider in PROVIDERS:
            raw = get(results, "VerifyBenchmark.raw", algorithm=alg, provider=provider)
            request = get(results, "VerifyBenchmark.requestToken", algorithm=alg, provider=provider)
            if raw and request:
                ratios[("Signet / raw", alg, provider)] = ratio(request, raw)
        peers = [get(results, "PeerBenchmark." + p, algorithm=alg, globalProvider="none") for p in PEERS]
        peers = [r for r in peers if r]
        accp = get(results, "VerifyBenchmark.requestToken", algorithm=alg, provider="accp")
        raw_accp = get(results, "VerifyBenchmark.raw", algorithm=alg, provider="accp")
        if peers and accp:
            best_ops = {"ops": max(r["ops"] for r in peers), "cpu": None}
            cpus = [r["cpu"] for r in peers if r["cpu"]]
            best_cpu = {"ops": 1, "cpu": min(cpus)} if cpus else None
            ratios[("Signet+ACCP / fastest peer", alg, "")] = (ratio(accp, best_ops)[0], ratio(accp, best_cpu)[1])
            if raw_accp:
                ratios[("ceiling: raw ACCP / fastest peer", alg, "")] = (ratio(raw_accp, best_ops)[0], ratio(raw_accp, best_cpu)[1])
    return ratios


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def spread(values):
    values = [v for v in values if v is not None]
    return f"{min(values):.2f}–{max(values):.2f}" if values else "–"


def rounds(paths):
    per_round = [round_ratios(load(p)) for p in paths]
    keys = []
    for r in per_round:
        keys += [k for k in r if k not in keys]
    out = [f"### Ratios over {len(paths)} rounds (median, and range over rounds)\n",
           f"Each round runs every benchmark once, so raw and Signet (and the peers) are measured "
           f"minutes apart within a round and the rounds alternate over time. CPU measure: {MEASURE}.\n",
           "| ratio | alg | provider | median (thrpt) | range (thrpt) | median (CPU) | range (CPU) | target | verdict (CPU: met in every round / borderline / missed in every round) |",
           "|---|---|---|---:|---|---:|---|---|---|"]
    for key in keys:
        label, alg, provider = key
        values = [r.get(key, (None, None)) for r in per_round]
        thrpt = [v[0] for v in values]
        cpu_values = [v[1] for v in values]
        target = TARGET_SELF if label == "Signet / raw" else TARGET_PEER.get(alg) if label.startswith("Signet+ACCP") else None
        verdict_cell = verdict(cpu_values, target) if target else "–"
        target_cell = f"≥ {target:g}" if target else "–"
        out.append(f"| {label} | {alg} | {provider} | {fmt(median(thrpt))} | {spread(thrpt)} | "
                   f"**{fmt(median(cpu_values))}** | {spread(cpu_values)} | {target_cell} | {verdict_cell} |")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: report.py RESULT.json [MORE.json …]")
    if len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        rounds(sys.argv[1:])
