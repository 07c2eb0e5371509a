#!/usr/bin/env bash
# Drives a running Signet server on loopback: GET /healthz without a token (baseline), then
# GET /whoami with a fresh request token per request, and prints requests/s, latency percentiles
# and authenticated/unauthenticated as a ratio measured in the same run.
#
#   bench/load/whoami-load.sh http://127.0.0.1:8080 alice alice.pem [duration] [connections] [extra]
#
#   duration      per phase, e.g. 20s or 1m (default 20s)
#   connections   concurrent keep-alive connections (default 8)
#   extra         passed on to the driver: --audience URL (standard profile), --bind (htm/htu
#                 binding, for servers that require it), --accp (sign with ACCP)
#
# The principal must be registered on the server with the public half of the key (for example
# `./signet keygen` then the server's principal registration). Only loopback URLs are accepted:
# the driver resolves the host and refuses anything else.
#
# Why not wrk with a file of tokens: request tokens are single-use and valid only within the
# server's clock skew (20 s by default) of their `time`, so a file made before a run goes stale
# and replays; signing one token per `signet token sign` call costs a JVM start. The driver
# (dev.signet.bench.WhoamiLoad in the benchmarks jar) signs just in time on its own thread.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
url="$1" principal="$2" key="$3"
duration="${4:-20s}" connections="${5:-8}"
shift $(( $# < 5 ? $# : 5 ))

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$(dirname "$here")")"
jar="$root/bench/target/benchmarks.jar"

java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
    v="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$candidate"; break; fi
  done
fi
[ -n "$java_bin" ] || { echo "whoami-load.sh: no JDK 21+ found; set JAVA" >&2; exit 2; }

if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests)
fi

echo "# $(date -u +%FT%TZ)  nproc $(nproc)  load $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.signet.bench.WhoamiLoad \
  --url "$url" --principal "$principal" --key "$key" --duration "$duration" --connections "$connections" "$@"
