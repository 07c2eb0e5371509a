#!/usr/bin/env bash
# The gateway load benchmark (issue 16), all in one run on loopback, the same upstream for all:
#   nginx       client -> nginx (proxy_pass, upstream keepalive)            -> upstream
#   gateway     client -> signet gateway (RS256 access token, cached JWKS)  -> upstream
#   open        client -> signet gateway, a route with `auth: none`           -> upstream
#               (no credential: the ceiling of Jetty's ProxyHandler path itself)
#   express     client -> Express + express-jwt + jwks-rsa (same check)     -> upstream
# The upstream and the issuer's JWKS are an nginx server block (`return 200`, a static file).
# Each setup gets a warm-up (WARMUP, default 15s: the JIT), then one measured wrk run; the gateway twice: one token repeated
# (verified-token cache hits) and a different token per request (20 000 tokens, round robin:
# more than the cache holds). Prints requests/s, p50/p99 and the ratios to nginx; then the latency
# at half of the gateway's peak rate (paced.lua: every connection waits between requests, so the
# rate is fixed), through nginx and through the gateway, and the p99 each adds to the upstream's.
#
#   bench/gateway/run.sh [duration=10s] [connections=32] [threads=2]
#
# Needs wrk, nginx (installed with apt-get when absent), node (Debian packages), a JDK 21+; builds dist/target/signet.jar when
# missing and installs the Node packages of it/src/test/resources/interop/node (npm ci) into
# bench/target. Starts only loopback processes and stops them (by PID) on exit.
# GATEWAY_JAVA_OPTS are the gateway's JVM options, by default those the launcher gives it (./signet gateway:
# -XX:+UseG1GC -Xms64m -Xmx512m); set them to add a JFR recording, or to '' for the JVM's defaults. SIGNET_JAR picks another build's
# dist/target/signet.jar (with its lib/ beside it) for the gateway, e.g. to compare two branches in one session.
set -euo pipefail
duration="${1:-10s}" connections="${2:-32}" threads="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$(dirname "$here")")"
work="$root/bench/target/gateway-bench"
mkdir -p "$work"
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "run.sh: installing $tool (apt-get)" >&2
    pkg="$( [ "$tool" = nginx ] && echo nginx-light || echo wrk )"
    apt-get install -y -q "$pkg" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$pkg" >/dev/null; }
  fi
done
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PU=$(free_port) PN=$(free_port) PG=$(free_port) PE=$(free_port)
issuer="http://127.0.0.1:$PU"

java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for c in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
    v="$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$c"; break; fi
  done
fi
jar="${SIGNET_JAR:-$root/dist/target/signet.jar}"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl dist -am package -DskipTests)
if [ ! -d "$work/node/node_modules/express-jwt" ]; then
  mkdir -p "$work/node" && cp "$root"/it/src/test/resources/interop/node/package*.json "$work/node/"
  (cd "$work/node" && npm ci --silent --no-audit --no-fund)
fi

node "$here/mint.mjs" "$work" "$issuer" orders-api 20000
head -1 "$work/tokens.txt" > "$work/one-token.txt"

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; }
  upstream app { server 127.0.0.1:$PU; keepalive 64; }
  server { listen 127.0.0.1:$PU; location = /jwks.json { root $work; } location / { return 200 "ok"; } }
  server { listen 127.0.0.1:$PN; location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf" -p "$work"

cat > "$work/gateway.yaml" <<YAML
listen: 127.0.0.1:$PG
issuers:
  - {issuer: "$issuer", jwks_uri: "$issuer/jwks.json"}
routes:
  - {path: /orders, upstream: "http://127.0.0.1:$PU", audience: orders-api, scopes: [orders:read], auth: access-token}
  - {path: /open, upstream: "http://127.0.0.1:$PU", auth: none}
YAML
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of options
"$java_bin" --enable-native-access=ALL-UNNAMED ${GATEWAY_JAVA_OPTS--XX:+UseG1GC -Xms64m -Xmx512m} -jar "$jar" gateway --config "$work/gateway.yaml" --log-level warn \
  > "$work/gateway.out" 2> "$work/gateway.err" &
pids+=($!)
cp "$here/express-gateway.mjs" "$work/node/" # ES modules find packages beside the file, not through NODE_PATH
node "$work/node/express-gateway.mjs" "$PE" "$issuer" "$issuer/jwks.json" orders-api "$PU" > "$work/express.out" 2>&1 &
pids+=($!)
for i in $(seq 1 600); do
  grep -q "listening on" "$work/gateway.out" 2>/dev/null && grep -q "listening on" "$work/express.out" 2>/dev/null && break
  sleep 0.1
done
token="$(cat "$work/one-token.txt")"
for url in "http://127.0.0.1:$PN/orders/1" "http://127.0.0.1:$PG/orders/1" "http://127.0.0.1:$PG/open/1" "http://127.0.0.1:$PE/orders/1"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [ "$code" = 200 ] || { echo "setup failed: $url answered $code" >&2; cat "$work/gateway.err" "$work/express.out" >&2; exit 1; }
done

run() { # name url [tokens-file]
  local name="$1" url="$2" file="${3:-}" out
  if [ -n "$file" ]; then
    TOKENS_FILE="$file" wrk -t"$threads" -c"$connections" -d"${WARMUP:-15s}" -s "$here/tokens.lua" "$url" > /dev/null
    out=$(TOKENS_FILE="$file" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/tokens.lua" "$url")
  else
    wrk -t"$threads" -c"$connections" -d"${WARMUP:-15s}" "$url" > /dev/null
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<< "$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
  echo "$name $rps" >> "$work/results.txt"
}

rm -f "$work/results.txt"
echo "# $(date -u +%FT%TZ)  nproc $(nproc)  load $(cut -d' ' -f1-3 /proc/loadavg)  wrk -t$threads -c$connections -d$duration"
run "upstream direct"                 "http://127.0.0.1:$PU/orders/1"
run "nginx -> upstream"               "http://127.0.0.1:$PN/orders/1"
run "gateway, auth: none"             "http://127.0.0.1:$PG/open/1"
run "gateway, one token"              "http://127.0.0.1:$PG/orders/1" "$work/one-token.txt"
run "gateway, token per request"      "http://127.0.0.1:$PG/orders/1" "$work/tokens.txt"
run "express, one token"              "http://127.0.0.1:$PE/orders/1" "$work/one-token.txt"
awk '{ v[$0] = $NF; n[NR] = $0 }
  /^nginx/ { nginx = $NF } /^gateway, auth/ { g0 = $NF } /^gateway, one/ { g1 = $NF } /^gateway, token per/ { g2 = $NF } /^express/ { ex = $NF }
  END { printf "ratios: gateway(auth none)/nginx %.2f  gateway(one)/nginx %.2f  gateway(per request)/nginx %.2f  gateway(one)/express %.1f\n",
    g0/nginx, g1/nginx, g2/nginx, g1/ex }' "$work/results.txt"

# latency at half of the gateway's peak (one token): the same fixed rate through each setup
# (PACED_RPS sets the rate instead: the same pace for two builds compared in two runs)
half=${PACED_RPS:-$(awk '/^gateway, one/ { printf "%d", $NF / 2 }' "$work/results.txt")}
delay_ms=$(( connections * 1000 / (half > 0 ? half : 1) ))
[ "$delay_ms" -ge 1 ] || delay_ms=1
paced() { # name url [token]
  local out
  out=$(DELAY_MS="$delay_ms" TOKEN="${3:-}" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/paced.lua" "$2")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<< "$out")" \
    "$(awk '$1 == "50%" {print $2}' <<< "$out")" "$(awk '$1 == "99%" {print $2}' <<< "$out")"
  echo "$1 $(awk '$1 == "99%" {print $2}' <<< "$out")" >> "$work/latency.txt"
}
rm -f "$work/latency.txt"
echo "# paced at ~$(( connections * 1000 / delay_ms )) req/s (half of the gateway's peak): $connections connections, one request each per ${delay_ms} ms"
paced "paced: upstream direct"   "http://127.0.0.1:$PU/orders/1"
paced "paced: nginx -> upstream" "http://127.0.0.1:$PN/orders/1"
paced "paced: gateway, one token" "http://127.0.0.1:$PG/orders/1" "$token"
awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
  /upstream direct/ { u = ms($NF) } /nginx/ { n = ms($NF) } /gateway/ { g = ms($NF) }
  END { printf "p99 added to the upstream at half load: nginx %.3f ms, gateway %.3f ms\n", n - u, g - u }' "$work/latency.txt"
