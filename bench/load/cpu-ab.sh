#!/usr/bin/env bash
# A/B of two builds of the server (gh-18): both started at once (defaults, --clock-skew 5m, as in
# bench/load.sh), measured alternately, the order swapped every round, so that both see the same
# machine. For each of /healthz and /whoami with a distinct RS256/EdDSA/ES256 compat token per
# request: req/s and the server process's CPU per request (utime + stime from /proc, the audit
# writer's included, read before the phase and 1 s after it so that its last batch counts). CPU per
# request varies much less than req/s on a shared machine: compare it. Round 0 is the warm-up.
#
#   bench/load/cpu-ab.sh TREE_A TREE_B [ROUNDS=3] [SECONDS=3] [SLICE=70000]
#
# ALGS="RS256" limits the /whoami scenarios (and the tokens to sign) to those algorithms.
# Each tree needs its distribution built (./mvnw -q -o -pl dist -am package -Dmaven.test.skip=true).
# SLICE tokens per algorithm per round (shared by both servers: each has its own replay store); a
# phase must not use more (wrk's tokens.lua would wrap and count replays). Stops all it starts by PID.
set -euo pipefail
A="$(cd "$1" && pwd)" B="$(cd "$2" && pwd)" rounds="${3:-3}" secs="${4:-4}" slice="${5:-70000}"
read -r -a algs <<< "${ALGS:-RS256 EdDSA ES256}"
count=$(( slice * (rounds + 1) ))
work="$(mktemp -d /tmp/cpu-ab.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export XDG_CONFIG_HOME="$work/config"
for tree in "$A" "$B"; do "$tree/signet" --version >/dev/null; done # builds when stale, records the JDK it runs with
java_bin="$(sed -n 2p "$A/dist/target/launcher/java")"
"$A/signet" keygen --alg ES256 --out "$work/admin.pem" >/dev/null 2>&1
for alg in "${algs[@]}"; do "$A/signet" keygen --alg "$alg" --out "$work/$alg.pem" >/dev/null 2>&1; done
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); signing $count tokens per alg" >&2
for alg in "${algs[@]}"; do
  "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$A/dist/target/signet.jar:$A/dist/target/lib/*" \
    "$A/bench/load/TokenFile.java" "$work/$alg.pem" "p-$alg" "$count" 290 "$work/$alg.tokens" 2>/dev/null
done
declare -A url pid
for s in A B; do
  tree="${!s}"
  "$tree/signet" server --port 0 --data-dir "$work/data-$s" --admin-key "$work/admin.pem.pub" --clock-skew 5m \
    >"$work/server-$s.out" 2>"$work/server-$s.err" &
  pid[$s]=$!; pids+=("${pid[$s]}")
done
for s in A B; do
  u=""
  for _ in $(seq 600); do u="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/server-$s.out" | head -n1)"; [ -n "$u" ] && break; sleep 0.1; done
  [ -n "$u" ] || { echo "server $s did not start" >&2; cat "$work/server-$s.err" >&2; exit 1; }
  url[$s]="$u"
  for alg in "${algs[@]}"; do
    "$A/signet" admin --server "$u" --key "$work/admin.pem" principals create "p-$alg" >/dev/null
    "$A/signet" admin --server "$u" --key "$work/admin.pem" keys add "p-$alg" --public-key "$work/$alg.pem.pub" >/dev/null
  done
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
measure() { # server label round scenario wrk-args...
  local s="$1" label="$2" r="$3"; shift 3
  local t0 t1 out n
  t0=$(ticks "${pid[$s]}")
  out="$(wrk -t2 -c50 -d"${secs}s" "$@" 2>&1)"
  sleep 1
  t1=$(ticks "${pid[$s]}")
  n="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<< "$out")"
  bad="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<< "$out")"
  awk -v s="$s" -v l="$label" -v r="$r" -v n="$n" -v d=$((t1 - t0)) -v hz="$hz" -v secs="$secs" -v bad="${bad:-0}" \
    'BEGIN { printf "%s %s round%s req/s %.0f  server-cpu %.1f us/req  non2xx %s\n", s, l, r, n/secs, d*1e6/hz/n, bad }'
}
for r in $(seq 0 "$rounds"); do
  first=$(( r * slice )) last=$(( (r + 1) * slice ))
  order=(A B); [ $((r % 2)) = 1 ] && order=(B A)
  for s in "${order[@]}"; do
    measure "$s" healthz "$r" "${url[$s]}/healthz"
    for alg in "${algs[@]}"; do
      measure "$s" "$alg" "$r" -s "$(dirname "$0")/tokens.lua" "${url[$s]}/whoami" -- "$work/$alg.tokens" "$first" "$last" 2
    done
  done
done
for s in A B; do
  echo "$s peak RSS $(awk '/^VmHWM:/ { print $2 }' "/proc/${pid[$s]}/status") kB;" \
    "audit events dropped (the writer fell behind): $(grep -ho 'audit: [0-9]* events dropped so far' "$work/server-$s.out" "$work/server-$s.err" | tail -n1 | grep -o '[0-9]*' || echo 0)"
done
