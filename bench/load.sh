#!/usr/bin/env bash
# Load benchmark of the server (gh-18): wrk against nginx `return 200` and against the real
# server (`./signet server`, defaults but for the clock skew) in one run, on loopback, and a table
# of requests/s and ratios. Ratios only mean something within one run: the machine is shared.
#
#   bench/load.sh                 # DURATION=10s WARMUP=5s COLD=5s CONNECTIONS=50 THREADS=2
#   TOKENS=300000 bench/load.sh   # request tokens made per algorithm (default 400000; 3/4 for the measurement)
#   KEEP=DIR bench/load.sh        # keeps the server's stdout and stderr in DIR
#
# Phases, in order:
#   1. keys (signet keygen) and TOKENS compatible request tokens per algorithm (RS256, EdDSA,
#      ES256), each distinct, made ahead with bench/load/TokenFile.java; their `time` is 290 s
#      ahead and the server runs with --clock-skew 5m (the largest), so they stay valid ~10 min;
#   2. nginx `return 200` (the loopback ceiling), WARMUP then DURATION;
#   3. the server started cold: GET /healthz for COLD seconds from the instant it prints
#      `listening on` (the cold rate);
#   4. principals p-RS256, p-EdDSA, p-ES256 created through `signet admin`, then WARMUP of every
#      scenario, then DURATION of each: /healthz, /whoami with a distinct token per request
#      (tokens.lua) per algorithm, /whoami with a garbage token (401);
#   5. the server's peak RSS (VmHWM), the table.
# Needs wrk and nginx (installed with apt-get when absent). Everything it starts it stops by PID.
# JAVA_OPTS / SIGNET_JAVA_OPTS reach the server's JVM through the launcher, as for a user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
duration="${DURATION:-10s}" warmup="${WARMUP:-5s}" cold="${COLD:-5s}"
connections="${CONNECTIONS:-50}" threads="${THREADS:-2}" count="${TOKENS:-400000}"
algs=(RS256 EdDSA ES256)
# the server's JVM options; the CLI calls below (keygen, admin) run without them
server_java_opts="${JAVA_OPTS:-}" server_signet_java_opts="${SIGNET_JAVA_OPTS:-}"
unset JAVA_OPTS SIGNET_JAVA_OPTS

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "load.sh: installing $tool (apt-get)" >&2
    apt-get install -y -q "$( [ "$tool" = nginx ] && echo nginx-light || echo wrk )" >/dev/null
  fi
done
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

[ -f "$root/dist/target/signet.jar" ] || (cd "$root" && ./mvnw -q -pl dist -am package -Dmaven.test.skip=true)
"$root/signet" --version >/dev/null # builds when stale, and records the JDK it runs with
# the start-up caches of the commands below, made when stale (JDK 25+), outside the timed phases
for group in server admin keygen; do "$root/signet" "$group" --help >/dev/null; done
java_bin="$(sed -n 2p "$root/dist/target/launcher/java")"

work="$(mktemp -d "${TMPDIR:-/tmp}/signet-load.XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]+"${pids[@]}"}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work"/server.* "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- 1. keys and tokens ----------------------------------------------------------------------------
export XDG_CONFIG_HOME="$work/config"
"$root/signet" keygen --alg ES256 --out "$work/admin.pem" >/dev/null
for alg in "${algs[@]}"; do
  "$root/signet" keygen --alg "$alg" --out "$work/$alg.pem" >/dev/null
done
echo "# $(date -u +%FT%TZ)  $(git -C "$root" rev-parse --short HEAD 2>/dev/null)  nproc $(nproc)  load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "load.sh: signing ${count} request tokens per algorithm…" >&2
for alg in "${algs[@]}"; do
  "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$root/dist/target/signet.jar:$root/dist/target/lib/*" \
    "$here/load/TokenFile.java" "$work/$alg.pem" "p-$alg" "$count" 290 "$work/$alg.tokens"
done

declare -A rate invalid
run_wrk() { # $1 label, $2 duration, then wrk arguments; records requests/s in rate[$1]
  local label="$1" d="$2"; shift 2
  local out
  out="$(wrk -t"$threads" -c"$connections" -d"$d" "$@" 2>&1)"
  rate[$label]="$(sed -n 's/^Requests\/sec: *//p' <<< "$out")"
  local bad wrapped
  bad="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<< "$out")"
  wrapped="$(sed -n 's/^tokens wrapped: *//p' <<< "$out")"
  [ -z "$bad" ] || echo "load.sh: $label: $bad non-2xx answers" >&2
  if [ -n "$wrapped" ] && [ "$wrapped" != 0 ]; then
    echo "load.sh: $label: ran out of tokens ($wrapped wraps): raise TOKENS" >&2
    invalid[$label]=" (INVALID: ran out of tokens, replays counted)"
  fi
  echo "load.sh: $label: ${rate[$label]} req/s" >&2
}

# --- 2. nginx --------------------------------------------------------------------------------------
nginx_port="$(free_port)"
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; location / { return 200 "ok\n"; } }
}
EOF
"$nginx_bin" -g 'daemon off;' -p "$work/nginx" -c "$work/nginx/nginx.conf" -e stderr &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nginx_port/" >/dev/null && break; sleep 0.1; done
run_wrk nginx-warmup "$warmup" "http://127.0.0.1:$nginx_port/"
run_wrk nginx "$duration" "http://127.0.0.1:$nginx_port/"
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true
pids=()

# --- 3. the server, cold ---------------------------------------------------------------------------
: >"$work/server.out"
JAVA_OPTS="$server_java_opts" SIGNET_JAVA_OPTS="$server_signet_java_opts" \
  "$root/signet" server --port 0 --data-dir "$work/data" --admin-key "$work/admin.pem.pub" --clock-skew 5m \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
pids+=("$server_pid")
url=""
for _ in $(seq 600); do
  url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/server.out" | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.05
done
[ -n "$url" ] || { echo "load.sh: the server did not start" >&2; exit 1; }
run_wrk cold "$cold" "$url/healthz"

# --- 4. principals, warm-up, scenarios -------------------------------------------------------------
admin=("$root/signet" admin --server "$url" --key "$work/admin.pem")
for alg in "${algs[@]}"; do
  "${admin[@]}" principals create "p-$alg" >/dev/null
  "${admin[@]}" keys add "p-$alg" --public-key "$work/$alg.pem.pub" >/dev/null
done
garbage=(-H 'Authorization: JWT garbage')
[ "$(curl -s -o /dev/null -w '%{http_code}' "${garbage[@]}" "$url/whoami")" = 401 ] || echo "load.sh: garbage token not answered 401" >&2

# the first quarter of each token file is for the warm-up, the rest for the measurement
warm_last=$((count / 4))
tokens() { echo -s "$here/load/tokens.lua" "$url/whoami" -- "$work/$1.tokens" "$2" "$3" "$threads"; }
run_wrk healthz-warmup "$warmup" "$url/healthz"
run_wrk garbage-warmup "$warmup" "${garbage[@]}" "$url/whoami"
for alg in "${algs[@]}"; do
  # shellcheck disable=SC2046
  run_wrk "$alg-warmup" "$warmup" $(tokens "$alg" 0 "$warm_last")
done
run_wrk healthz "$duration" "$url/healthz"
for alg in "${algs[@]}"; do
  # shellcheck disable=SC2046
  run_wrk "$alg" "$duration" $(tokens "$alg" "$warm_last" "$count")
done
run_wrk garbage "$duration" "${garbage[@]}" "$url/whoami"

hwm_kib="$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")"
rss_kib="$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")"

# --- 5. the table ----------------------------------------------------------------------------------
ratio() { awk -v a="${rate[$1]:-0}" -v b="${rate[$2]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
req() { awk -v a="${rate[$1]:-0}" 'BEGIN { printf "%d", a }'; }
echo
echo "wrk -t$threads -c$connections, $duration per scenario after $warmup of warm-up; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | req/s | ratio | target |"
echo "|---|---:|---|---|"
echo "| nginx \`return 200\` | $(req nginx) | | |"
echo "| \`/healthz\` | $(req healthz) | $(ratio healthz nginx)× nginx | ≥ 0.4 |"
echo "| \`/whoami\`, distinct compat token per request, RS256 | $(req RS256)${invalid[RS256]:-} | $(ratio RS256 healthz)× \`/healthz\` | ≥ 0.6 |"
echo "| \`/whoami\`, EdDSA | $(req EdDSA)${invalid[EdDSA]:-} | $(ratio EdDSA healthz)× \`/healthz\` | ≥ 0.45 |"
echo "| \`/whoami\`, ES256 | $(req ES256)${invalid[ES256]:-} | $(ratio ES256 healthz)× \`/healthz\` | ≥ 0.4 |"
echo "| \`/whoami\`, garbage token (401) | $(req garbage) | $(ratio garbage healthz)× \`/healthz\` | ≥ 0.8 |"
echo "| \`/healthz\`, first $cold of a cold server | $(req cold) | $(ratio cold healthz)× steady | ≥ 0.6 |"
echo "| server peak RSS (VmHWM) | $((hwm_kib / 1024)) MiB | (now $((rss_kib / 1024)) MiB) | ≤ 300 MiB |"
