#!/usr/bin/env bash
# Token endpoint under load: POST /oauth/token (client_credentials, a distinct private_key_jwt
# assertion per request) beside GET /healthz of the same run, with wrk on loopback, for each
# signing algorithm of the server's access tokens. Prints tokens issued per second, /healthz
# requests per second and their ratio (the target is >= 0.3).
#
#   bench/token-load.sh [DURATION] [CONNECTIONS] [ALG...]
#
#   DURATION      seconds per measured phase (default 10; each phase has a 3 s warm-up before it)
#   CONNECTIONS   wrk connections (default 8, on 2 wrk threads)
#   ALG           server signing algorithms (--signing-alg), default: RS256 ES256 EdDSA
#
# For each algorithm it starts its own `signet server --port 0` (dist/target/signet.jar, built if
# missing; embedded database, in a temporary directory, logging at warn), whose admin principal is
# the OAuth client: an EC P-256 key made here. Client assertions are single-use (jti) and must be
# fresh, so PyJWT writes them (ES256) to a file just before the token phase, one per request,
# and wrk's Lua script (bench/token-load.lua) sends each once, split between its threads. The
# server runs with --clock-skew 5m and --max-token-lifetime 10m so that a file stays valid for the
# whole phase; neither changes the work per request. A run that uses up its file shows non-2xx
# answers (replays); the token rate counts 200 answers only.
#
# Needs wrk, /usr/bin/python3 with PyJWT (apt-get install wrk python3-jwt python3-cryptography)
# and a JDK 21+ (JAVA=/path/to/java to choose). The server and wrk share the machine: the figures
# are ratios within one run, not capacities.
set -euo pipefail

duration="${1:-10}"
connections="${2:-8}"
shift $(( $# < 2 ? $# : 2 ))
algs=("$@")
[ ${#algs[@]} -gt 0 ] || algs=(RS256 ES256 EdDSA)
threads=2
warmup=3

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$root/dist/target/signet.jar"
python=/usr/bin/python3

command -v wrk >/dev/null || { echo "token-load: needs wrk (apt-get install wrk)" >&2; exit 2; }
"$python" -c 'import jwt, cryptography' 2>/dev/null \
  || { echo "token-load: needs PyJWT for $python (apt-get install python3-jwt python3-cryptography)" >&2; exit 2; }
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V -r); do
    v="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$candidate"; break; fi
  done
fi
[ -n "$java_bin" ] || { echo "token-load: no JDK 21+ found; set JAVA" >&2; exit 2; }
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl dist -am package -DskipTests)

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the client's key: admin.pem (PKCS#8) and admin.pub (SPKI)
"$python" - "$work" <<'EOF'
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
open(sys.argv[1] + "/admin.pem", "wb").write(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
open(sys.argv[1] + "/admin.pub", "wb").write(key.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
EOF

# assertions COUNT AUDIENCE FILE: one private_key_jwt assertion a line, iss = sub = admin
assertions() {
  "$python" - "$work/admin.pem" "$1" "$2" "$3" <<'EOF'
import secrets, sys, time
import jwt
from cryptography.hazmat.primitives import serialization
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)  # once: PEM parsing costs 20x a signature
count, audience, out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
now = int(time.time())
with open(out, "w") as f:
    for _ in range(count):
        claims = {"iss": "admin", "sub": "admin", "aud": audience, "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16)}
        f.write(jwt.encode(claims, key, algorithm="ES256") + "\n")
EOF
}

# wrk_rate OUTPUT: "requests/s non2xx requests"
wrk_rate() {
  local rps non2xx total
  rps="$(sed -n 's/^Requests\/sec: *//p' "$1")"
  non2xx="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$1")"
  total="$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1")"
  echo "${rps:-0} ${non2xx:-0} ${total:-0}"
}

echo "# $(date -u +%FT%TZ)  nproc $(nproc)  load $(cut -d' ' -f1-3 /proc/loadavg)  $("$java_bin" -version 2>&1 | head -n1)"
echo "# wrk $threads threads, $connections connections, ${duration}s per phase after ${warmup}s warm-up"
results=()
for alg in "${algs[@]}"; do
  rm -rf "$work/data"
  : >"$work/server.out" # exists before the server starts: the loop below reads it at once
  (
    for v in $(compgen -e); do case "$v" in SIGNET_*) unset "$v" ;; esac; done # only the flags below
    exec "$java_bin" -jar "$jar" server --port 0 --data-dir "$work/data" --admin-key "$work/admin.pub" \
      --signing-alg "$alg" --clock-skew 5m --max-token-lifetime 10m --log-level warn
  ) >>"$work/server.out" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 600); do
    url="$(sed -n 's/^listening on //p' "$work/server.out" | head -n1)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "token-load: the server did not start" >&2; cat "$work/server.out" >&2; exit 1; }
  case "$url" in http://127.0.0.1:*) ;; *) echo "token-load: not loopback: $url" >&2; exit 1 ;; esac
  endpoint="$url/oauth/token"

  # one token by hand first: the set-up works and the server signs with $alg
  assertions 1 "$endpoint" "$work/check.txt"
  answer="$(curl -s -X POST "$endpoint" --data "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=$(cat "$work/check.txt")")"
  signed="$("$python" -c 'import json, sys, jwt; print(jwt.get_unverified_header(json.loads(sys.argv[1])["access_token"])["alg"])' "$answer")" \
    || { echo "token-load: no token from $endpoint: $answer" >&2; exit 1; }
  [ "$signed" = "$alg" ] || { echo "token-load: tokens signed with $signed, not $alg" >&2; exit 1; }

  wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url/healthz" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url/healthz" >"$work/healthz.txt"
  read -r health_rps _ _ < <(wrk_rate "$work/healthz.txt")

  # enough for 0.7 x /healthz's rate plus a margin: a faster token phase shows non-2xx (replays)
  assertions "$("$python" -c "print(int(float('$health_rps') * $warmup * 0.7) + 500)")" "$endpoint" "$work/warmup.txt"
  assertions "$("$python" -c "print(int(float('$health_rps') * $duration * 0.7) + 1000)")" "$endpoint" "$work/measure.txt"
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/token-load.lua" "$endpoint" -- "$work/warmup.txt" "$threads" >/dev/null
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/token-load.lua" "$endpoint" -- "$work/measure.txt" "$threads" >"$work/token.txt"
  read -r token_rps token_non2xx token_total < <(wrk_rate "$work/token.txt")

  issued="$("$python" -c "print(round(($token_total - $token_non2xx) / $duration, 1))")"
  ratio="$("$python" -c "print(round($issued / float('$health_rps'), 2))")"
  p50h="$(sed -n 's/^ *50% *//p' "$work/healthz.txt")"; p99h="$(sed -n 's/^ *99% *//p' "$work/healthz.txt")"
  p50t="$(sed -n 's/^ *50% *//p' "$work/token.txt")"; p99t="$(sed -n 's/^ *99% *//p' "$work/token.txt")"
  results+=("$(printf '| %s | %s | %s / %s | %s | %s / %s | %s | **%s** |' "$alg" "$health_rps" "$p50h" "$p99h" "$issued" "$p50t" "$p99t" "$token_non2xx" "$ratio")")

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done

echo
echo "| signing alg | /healthz req/s | p50 / p99 | tokens issued/s | p50 / p99 | non-2xx | tokens / healthz |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${results[@]}"
