#!/usr/bin/env bash
# Start/stop a real Neo4j 5.26 Community (LTS) server for dutygraph tests and
# development. No Docker needed: the server runs in-process in a small Java
# launcher (tools/neo4j/, built with Maven from Maven Central jars).
#
#   tools/neo4j.sh build                      fetch jars + compile (idempotent, cached)
#   tools/neo4j.sh start [--port N] [--data DIR] [--http-port N] [--no-auth] [--timeout S]
#                                             start in background; prints bolt://127.0.0.1:PORT
#   tools/neo4j.sh stop                       stop it (SIGTERM, waits; SIGKILL after NEO4J_STOP_TIMEOUT)
#   tools/neo4j.sh status                     "running PID URI" (exit 0) or "not running" (exit 3)
#   tools/neo4j.sh env                        export lines for DUTYGRAPH_NEO4J_* (eval "$(tools/neo4j.sh env)")
#
# Everything binds to 127.0.0.1 only. --port 0 (the default) picks a free port.
# Auth is on: user neo4j, password $DUTYGRAPH_NEO4J_PASSWORD (default dutygraph-test,
# min. 8 chars). The store lives in a random sub-directory of --data DIR (default
# $NEO4J_STATE_DIR/data) and is deleted when the server stops cleanly.
#
# Env: NEO4J_STATE_DIR   pid/log/uri files (default tools/neo4j/target/run)
#      NEO4J_JAVA_OPTS   extra JVM options (appended; default heap -Xms256m -Xmx1g)
#      NEO4J_PAGECACHE_MB page cache size (default 64)
#      NEO4J_START_TIMEOUT (s, default 180)   NEO4J_STOP_TIMEOUT (s, default 60)
#      JAVA, MVN         java / mvn executables (default: from PATH)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJ_DIR="$SCRIPT_DIR/neo4j"
TARGET_DIR="$PROJ_DIR/target"
STATE_DIR="${NEO4J_STATE_DIR:-$TARGET_DIR/run}"
PID_FILE="$STATE_DIR/neo4j.pid"
LOG_FILE="$STATE_DIR/neo4j.log"
URI_FILE="$STATE_DIR/neo4j.uri"
BUILD_STAMP="$TARGET_DIR/.build-ok"
MAIN_CLASS="dutygraph.tools.neo4j.Launcher"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"

die() { echo "neo4j.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- build
needs_build() {
  [[ -f "$BUILD_STAMP" && -f "$TARGET_DIR/neo4j-launcher.jar" && -d "$TARGET_DIR/lib" ]] || return 0
  [[ -z "$(find "$PROJ_DIR/pom.xml" "$PROJ_DIR/src" -newer "$BUILD_STAMP" -print -quit)" ]] || return 0
  return 1
}

cmd_build() {
  command -v "$MVN" >/dev/null || die "maven ($MVN) not found"
  command -v "$JAVA" >/dev/null || die "java ($JAVA) not found"
  mkdir -p "$TARGET_DIR"
  # Serialise concurrent builds (e.g. two test runs starting at once).
  exec 9>"$TARGET_DIR/.build.lock"
  flock 9
  if needs_build; then
    echo "neo4j.sh: building launcher with Maven (a cold ~/.m2 downloads ~190 MB from Maven Central)..." >&2
    rm -rf "$TARGET_DIR/lib" "$BUILD_STAMP"
    local out
    if ! out="$("$MVN" -B -q -Dstyle.color=never -f "$PROJ_DIR/pom.xml" package 2>&1)"; then
      printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' | tail -n 30 >&2
      die "build failed (mvn -B -q -Dstyle.color=never -f $PROJ_DIR/pom.xml package)"
    fi
    touch "$BUILD_STAMP"
  fi
  exec 9>&-
}

# ---------------------------------------------------------------- helpers
# Prints the pid if the pid file names a live launcher process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: it must be our launcher.
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$MAIN_CLASS"; then
    return 1
  fi
  echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fail_start() {  # $1 = one-line reason
  echo "neo4j.sh: start failed: $1 (log: $LOG_FILE)" >&2
  if [[ -f "$LOG_FILE" ]]; then
    echo "---- last lines of $LOG_FILE ----" >&2
    tail -n 25 "$LOG_FILE" >&2
  fi
  exit 1
}

# ---------------------------------------------------------------- start
cmd_start() {
  local port=0 http_port="" data="" timeout="${NEO4J_START_TIMEOUT:-180}" no_auth=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port="${2:?--port needs a value}"; shift 2 ;;
      --port=*) port="${1#*=}"; shift ;;
      --data) data="${2:?--data needs a value}"; shift 2 ;;
      --data=*) data="${1#*=}"; shift ;;
      --http-port) http_port="${2:?--http-port needs a value}"; shift 2 ;;
      --http-port=*) http_port="${1#*=}"; shift ;;
      --timeout) timeout="${2:?--timeout needs a value}"; shift 2 ;;
      --timeout=*) timeout="${1#*=}"; shift ;;
      --no-auth) no_auth=1; shift ;;
      *) die "start: unknown argument: $1" ;;
    esac
  done
  [[ "$port" =~ ^[0-9]+$ && "$port" -le 65535 ]] || die "start: bad --port: $port"
  [[ -z "$http_port" || "$http_port" =~ ^[0-9]+$ ]] || die "start: bad --http-port: $http_port"
  [[ "$timeout" =~ ^[0-9]+$ ]] || die "start: bad --timeout: $timeout"

  mkdir -p "$STATE_DIR"
  local pid
  if pid="$(running_pid)"; then
    die "already running (pid $pid) at $(cat "$URI_FILE" 2>/dev/null || echo '?'); run '$0 stop' first"
  fi
  rm -f "$PID_FILE" "$URI_FILE"

  if [[ "$port" != 0 ]] && port_in_use "$port"; then
    die "start failed: port $port is already in use on 127.0.0.1 (use --port 0 for a free port)"
  fi
  if [[ -n "$http_port" && "$http_port" != 0 ]] && port_in_use "$http_port"; then
    die "start failed: HTTP port $http_port is already in use on 127.0.0.1"
  fi

  cmd_build

  if [[ -z "$data" ]]; then
    data="$STATE_DIR/data"
    # Nothing of ours is running, so leftovers of a killed server can go.
    rm -rf "$data"
  fi
  mkdir -p "$data"
  data="$(cd "$data" && pwd)"

  local -a args=(--data "$data" --port "$port" --pid-file "$PID_FILE")
  [[ -n "$http_port" ]] && args+=(--http-port "$http_port")
  [[ -n "$no_auth" ]] && args+=(--no-auth)

  # Java 17: the same opens Neo4j's own launcher passes (quiet reflective access).
  local -a jvm=(
    -Xms256m -Xmx1g
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -Djdk.nio.maxCachedBufferSize=1024
    -Dlog4j2.disable.jmx=true
    -Dfile.encoding=UTF-8
  )
  jvm+=("-Ddutygraph.pagecache.mb=${NEO4J_PAGECACHE_MB:-64}")
  # shellcheck disable=SC2206
  [[ -n "${NEO4J_JAVA_OPTS:-}" ]] && jvm+=(${NEO4J_JAVA_OPTS})

  : >"$LOG_FILE"
  # setsid: own session, so Ctrl-C / job control in the caller's terminal
  # does not reach the server; stop it with 'neo4j.sh stop'. (-w: should setsid
  # have to fork, it stays alive as long as java, so $! still tracks the server.
  # The launcher writes its own pid to $PID_FILE, which is what stop uses.)
  setsid -w "$JAVA" "${jvm[@]}" -cp "$TARGET_DIR/neo4j-launcher.jar:$TARGET_DIR/lib/*" \
    "$MAIN_CLASS" "${args[@]}" </dev/null >>"$LOG_FILE" 2>&1 &
  local bg_pid=$!

  local deadline=$((SECONDS + timeout)) line
  while :; do
    line="$(grep -m1 '^NEO4J_READY ' "$LOG_FILE" || true)"
    [[ -n "$line" ]] && break
    if ! kill -0 "$bg_pid" 2>/dev/null; then
      local reason
      reason="$(grep -m1 '^NEO4J_FAILED ' "$LOG_FILE" | cut -c14- | cut -c1-300 || true)"
      rm -f "$PID_FILE"
      fail_start "server exited before becoming ready${reason:+: $reason}"
    fi
    if ((SECONDS >= deadline)); then
      local jpid
      jpid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
      kill -TERM ${jpid:+"$jpid"} "$bg_pid" 2>/dev/null || true
      sleep 2
      kill -KILL ${jpid:+"$jpid"} "$bg_pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      fail_start "not ready within ${timeout}s"
    fi
    sleep 0.2
  done
  [[ -s "$PID_FILE" ]] || echo "$bg_pid" >"$PID_FILE"
  local uri="${line#NEO4J_READY }"
  echo "$uri" >"$URI_FILE"
  echo "$uri"
}

# ---------------------------------------------------------------- stop
cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE" "$URI_FILE"
    echo "neo4j.sh: not running" >&2
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + ${NEO4J_STOP_TIMEOUT:-60}))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "neo4j.sh: pid $pid did not stop within ${NEO4J_STOP_TIMEOUT:-60}s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE" "$URI_FILE"
  echo "neo4j.sh: stopped (pid $pid)" >&2
}

# ---------------------------------------------------------------- status/env
cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running $pid $(cat "$URI_FILE" 2>/dev/null || echo 'starting')"
  else
    echo "not running"
    return 3
  fi
}

cmd_env() {
  running_pid >/dev/null || die "not running"
  [[ -s "$URI_FILE" ]] || die "not ready yet"
  echo "export DUTYGRAPH_NEO4J_URI=$(cat "$URI_FILE")"
  echo "export DUTYGRAPH_NEO4J_USER=neo4j"
  printf 'export DUTYGRAPH_NEO4J_PASSWORD=%q\n' "${DUTYGRAPH_NEO4J_PASSWORD:-dutygraph-test}"
}

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

cmd="${1:-}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
  build) cmd_build ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
