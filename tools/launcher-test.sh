#!/usr/bin/env bash
# The launcher's own contract (run by ./vigil test after mvn verify, so the classes are built and nothing
# rebuilds): every command answers --help with exit 0 and a usage line; an unknown option exits 2 with the usage;
# and what the launcher adds to a command's options.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
passed=0 failed=0
CHECK_ENV=()   # env's arguments for the next checks, e.g. (-u VAR)
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

check() { # check NAME EXPECTED_EXIT PATTERN STREAM(out|err) -- ARGS...
  local name="$1" want="$2" pattern="$3" stream="$4"; shift 5
  local out err code
  out="$(mktemp)"; err="$(mktemp)"
  timeout 120 env "${CHECK_ENV[@]}" "$ROOT/vigil" "$@" >"$out" 2>"$err" </dev/null
  code=$?
  local text; if [ "$stream" = out ]; then text="$(cat "$out")"; else text="$(cat "$err")"; fi
  if [ "$code" -eq "$want" ] && grep -qiE "$pattern" <<<"$text"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: ./vigil $* → exit $code (want $want), std$stream lacks /$pattern/:" >&2
    sed 's/^/    /' "$out" "$err" | head -20 >&2
  fi
  rm -f "$out" "$err"
}

for cmd in demo server cluster gateway simulate test bench report screenshots help; do
  check "$cmd --help" 0 "usage: vigil $cmd|usage: vigil COMMAND" out -- "$cmd" --help
  check "$cmd --bogus" 2 "usage: vigil" err -- "$cmd" --no-such-option
done
# The server's class-data archive (decision 0018): ./vigil server made it above, before refusing the option. With
# -Xshare:on the JVM refuses to start at all unless it can use the archive ./vigil passes with the classpath it
# runs the server on, so a stale or mismatched archive fails this check rather than silently slowing every start.
if [ -s "$ROOT/server/target/vigil-server.jsa" ]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL: ./vigil server made no server/target/vigil-server.jsa" >&2; fi
CHECK_ENV=(JAVA_TOOL_OPTIONS=-Xshare:on)
check "server on its class-data archive" 2 "usage: vigil server" err -- server --no-such-option
CHECK_ENV=()
# the demo's history ends within InfluxDB's 400 days, or its oldest points would be refused (docs/timeseries.md)
CHECK_ENV=(VIGIL_DEMO_HISTORY_DAYS=398)
check "demo history within the time series' retention" 2 "must be 0 to 397" err -- demo
CHECK_ENV=()
check "no command" 0 "usage|vigil" out --
check "unknown command" 2 "usage|vigil demo" err -- frobnicate
check "bench fuzz --help" 0 "vigil bench fuzz \\[--seconds N\\]" out -- bench fuzz --help
check "bench unknown part" 2 "usage: vigil bench" err -- bench nonsense
# one list of benchmarks: each that bench --help names is one bench knows, and ./vigil help defers to it
for part in $("$ROOT/vigil" bench --help | sed -n '1s/^usage: vigil bench \[\(.*\)\]$/\1/p' | tr '|' ' '); do
  check "bench $part is known" 2 "bench $part takes no options" err -- bench "$part" --no-such-option
done
check "help's bench line" 0 "vigil bench +benchmarks: all, one of them, or fuzz \(\./vigil bench --help lists them\)" out -- help
check "report without a board" 2 "usage: vigil report" err -- report board
check "report without --pdf" 2 "pdf FILE is required" err -- report board RVT --token t
check "report, no server" 3 "no Vigil server answers" err -- report board RVT --pdf /dev/null --token t --url http://127.0.0.1:9

# The gateway's development defaults give way to options given (picocli refuses an option given twice): each
# check fails at start-up, before any port is bound, on the file or value given, which it names.
head -c 3 /dev/urandom >"$TMP/short.secret"
head -c 32 /dev/urandom >"$TMP/hmac.secret"
check "gateway, own secret" 2 "short.secret holds 3 bytes" err -- gateway --hmac-secret-file "$TMP/short.secret"
check "gateway, own location map" 2 "location mapping 'W12' is not" err -- \
  gateway --hmac-secret-file "$TMP/hmac.secret" --locations W12
# an own keystore brings its own password: the development certificate's is not put in VIGIL_TLS_PASSWORD for it
CHECK_ENV=(-u VIGIL_TLS_PASSWORD)
check "gateway, own keystore" 2 "keystore password is missing" err -- \
  gateway --hmac-secret-file "$TMP/hmac.secret" --tls-keystore "$TMP/none.p12"
CHECK_ENV=()

echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
