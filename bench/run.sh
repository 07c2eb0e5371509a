#!/usr/bin/env bash
# Runs Signet's JMH suite and prints the ratio tables of docs/benchmarks.md.
#
#   bench/run.sh quick            smoke check: every benchmark, short iterations (~5 min)
#   bench/run.sh full             the figures for docs/benchmarks.md (~15-20 min on 2 cores)
#   bench/run.sh full --steps     also StepsBenchmark, the per-step costs of a verify
#   bench/run.sh rounds           the headline ratios only (raw, request token, peers on the JDK),
#                                 BENCH_ROUNDS (default 3) times over, median of the per-round
#                                 ratios: steadier than one pass on a noisy machine (~7 min a round)
#   bench/run.sh quick -p algorithm=ES256     extra arguments go to JMH
#
# Builds bench/target/benchmarks.jar first when it is missing (BENCH_BUILD=1 forces a rebuild).
# Writes the JMH JSON and log to bench/target/results/. Needs a JDK 21+ (JAVA=/path/to/java to
# choose; default: the newest under /usr/lib/jvm) and python3 for the tables.
# Do not run it while builds run on the same machine if you can avoid it: ratios within one run
# survive some noise, not all of it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

mode="${1:-quick}"
shift || true
steps=0
if [ "${1:-}" = "--steps" ]; then
  steps=1
  shift
fi

case "$mode" in
  quick) jmh_opts=(-f 1 -wi 1 -w 1s -i 2 -r 1s) ;;
  full) jmh_opts=(-f 1 -wi 3 -w 2s -i 5 -r 2s) ;;
  rounds) jmh_opts=(-f 1 -wi 4 -w 2s -i 3 -r 2s -p globalProvider=none) ;;
  *) echo "usage: bench/run.sh quick|full|rounds [--steps] [JMH arguments...]" >&2; exit 2 ;;
esac

java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
    v="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$candidate"; break; fi
  done
fi
if [ -z "$java_bin" ]; then
  echo "bench/run.sh: no JDK 21+ found; set JAVA=/path/to/bin/java" >&2
  exit 2
fi

if [ ! -f "$jar" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  (cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests)
fi

include='dev.signet.bench.(VerifyBenchmark|PeerBenchmark)'
if [ "$mode" = rounds ]; then
  include='dev.signet.bench.(VerifyBenchmark.(raw|requestToken)|PeerBenchmark.[a-z0-9]+)$'
elif [ "$steps" = 1 ]; then
  include='dev.signet.bench.(VerifyBenchmark|PeerBenchmark|StepsBenchmark)'
fi

mkdir -p "$here/target/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$here/target/results/$mode-$stamp.log"
count=1
if [ "$mode" = rounds ]; then
  count="${BENCH_ROUNDS:-3}"
fi

{
  echo "# date: $stamp   nproc: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# java: $("$java_bin" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "# cpu: $(lscpu | sed -n 's/^Model name: *//p')"
} | tee "$log"

results=()
for round in $(seq 1 "$count"); do
  json="$here/target/results/$mode-$stamp-$round.json"
  [ "$count" = 1 ] && json="$here/target/results/$mode-$stamp.json"
  command=("$java_bin" -jar "$jar" "$include" "${jmh_opts[@]}" -foe true -rf json -rff "$json" "$@")
  echo "# command: ${command[*]}" | tee -a "$log"
  "${command[@]}" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; echo "bench/run.sh: JMH failed; log: $log" >&2; exit 1; }
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
  results+=("$json")
done

echo "# results: ${results[*]}"
echo "# log: $log"
echo
python3 "$here/report.py" "${results[@]}"
