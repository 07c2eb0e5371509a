#!/usr/bin/env bash
# CLI latency: ./signet --help and ./signet token sign, launcher included, against a PyJWT one-liner
# signing the same kind of token (compatible profile, ES256, same P-256 key), in one run.
# Prints each command's mean and the ratios to PyJWT; uses hyperfine when installed
# (apt-get install hyperfine), else a plain loop.
#
#   bench/cli-latency.sh [RUNS]          RUNS per command (default 20), after 3 warm-up runs
#   SIGNET=/other/checkout/signet bench/cli-latency.sh   measure another checkout's launcher
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
signet="${SIGNET:-$repo/signet}"
runs="${1:-20}"
python=/usr/bin/python3
"$python" -c 'import jwt, cryptography' 2>/dev/null \
  || { echo "cli-latency: needs PyJWT for $python (apt-get install python3-jwt python3-cryptography)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$signet" --version >/dev/null   # builds the distribution first if needed, outside the measurement
"$signet" keygen --out "$work/bench.pem" >/dev/null

sign="$(printf '%q token sign --key %q --principal alice' "$signet" "$work/bench.pem")"
help="$(printf '%q --help' "$signet")"
pyjwt="$python -c 'import jwt, secrets, sys, time; print(jwt.encode({\"username\": \"alice\", \"time\": int(time.time()), \"nonce\": secrets.token_urlsafe(16)}, open(sys.argv[1]).read(), algorithm=\"ES256\"))' $work/bench.pem"

# every command must work before it is timed
for c in "$help" "$sign" "$pyjwt"; do bash -c "$c" >/dev/null || { echo "cli-latency: failed: $c" >&2; exit 1; }; done

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs each"
echo "# java: $("$signet" --version 2>/dev/null | tail -n1)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs "$runs" --export-json "$work/results.json" --style basic \
    -n pyjwt "$pyjwt" -n "signet --help" "$help" -n "signet token sign" "$sign" >&2
  means="$("$python" -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"] + "\t" + str(r["mean"]) + "\t" + str(r["stddev"] or 0))' "$work/results.json")"
else
  means=""
  for pair in "pyjwt|$pyjwt" "signet --help|$help" "signet token sign|$sign"; do
    name="${pair%%|*}"; cmd="${pair#*|}"
    for _ in 1 2 3; do bash -c "$cmd" >/dev/null; done
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$cmd" >/dev/null; done
    end=$(date +%s%N)
    means+="$name	$("$python" -c "print(($end - $start) / 1e9 / $runs)")	0"$'\n'
  done
fi

echo "$means" | "$python" -c '
import sys
rows = [l.split("\t") for l in sys.stdin.read().splitlines() if l.strip()]
base = next(float(m) for n, m, s in rows if n == "pyjwt")
print("%-20s %10s %10s %8s" % ("command", "mean", "stddev", "x pyjwt"))
for n, m, s in rows:
    print("%-20s %8.0f ms %7.0f ms %7.2fx" % (n, float(m) * 1000, float(s) * 1000, float(m) / base))'
