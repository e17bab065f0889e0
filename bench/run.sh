#!/usr/bin/env bash
# Safehouse benchmark: builds the WAR and the load generator, starts the server (java -jar, i.e. embedded Jetty,
# and Tomcat 10.1), runs the scenarios against each, prints one table and writes bench/results/<timestamp>.json.
#
#   bench/run.sh [--scenarios LIST] [--scale F] [--containers jetty,tomcat] [--duration S] [--skip-build]
#                [--war FILE] [--config FILE] [-- generator options...]
#   bench/run.sh --peer ws [--rounds 2] [--duration S] [--peer-check DIR] [--skip-build] [--war FILE]
#
#   --scenarios   comma list of fanout,shootout,everyday,joinstorm,idle,reconnect,startup,warsize,floor,cluster
#                 (default: all but cluster);
#                 floor runs once, with no server and no container (the kernel's cost per delivery), and needs
#                 no WAR; cluster runs once, java -jar only: the fixed-rate fan-out against one node in memory, one
#                 node with Redis and two nodes with Redis (needs Debian's redis-server)
#   --scale       multiplies the client counts of shootout, everyday, joinstorm and idle (default 1: the issue's
#                 10,000 / 20,000 clients); 0.1 is a quick run
#   --containers  jetty (java -jar), tomcat, or both (default jetty,tomcat)
#   --duration    seconds of each measured fan-out run (default 10)
#   --skip-build  use the WAR and generator jar as they are
#   --war FILE    the WAR to run (default target/safehouse.war)
#   --config FILE the server config to use instead of the one this script writes (keep its raised limits)
#   --peer ws     side by side with the reference server (bench/ws-reference, Node ws, Ragnarok's protocol): one
#                 Safehouse (java -jar) and one reference, both kept running; an untimed warm-up pass of every load
#                 against each, then --rounds rounds (default 2) of the three loads (one room of 100 at 60,000
#                 deliveries/s, one room of 1000 at 50,000/s, 100 pairs at 1,500 private messages/s), each against
#                 Safehouse over /ragnarok, the reference, Safehouse over /chat, alternating; the floor after round
#                 1; prints the ratio table (bench/ws-reference/README.md). --scenarios and --containers are ignored
#   --peer-check DIR  also runs DIR/ws-ragnarok.js (the reference the issue names, with our node_modules) as
#                 "ws (DIR)" in every round: its ratio to ours is the check that the two cost the same
#   after --       options passed as they are to `safehouse-bench.jar run` (see `java -jar bench/target/
#                 safehouse-bench.jar help`), e.g. -- --fanout-sizes 1000 --fanout-modes fixed
#
# Environment: SERVER_JAVA_OPTS (JVM options of the `java -jar` server; default -XX:+UseParallelGC -Xmx1g, as in the
# README's run command; set it to " " for the JVM's defaults), TOMCAT_JAVA_OPTS (CATALINA_OPTS of the Tomcat server; default
# the same, so that the two containers are compared on one collector and heap), GEN_JAVA_OPTS (of the generator), GEN_THREADS (generator event-loop threads, default 2), STARTUP_RUNS
# (default 3).
#
# Everything runs on loopback; every process this script starts is stopped by its PID when it exits.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
SCENARIOS=fanout,shootout,everyday,joinstorm,idle,reconnect,startup,warsize,floor
SCALE=1
CONTAINERS=jetty,tomcat
DURATION=10
BUILD=1
PEER=
ROUNDS=2
PEER_CHECK=
WAR="$REPO/target/safehouse.war"
CONFIG=
GENERATOR_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --containers) CONTAINERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --peer) PEER=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --peer-check) PEER_CHECK=$(cd "$2" && pwd); shift 2 ;;
    --war) WAR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --config) CONFIG=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --) shift; GENERATOR_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,/^# Everything runs/p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--XX:+UseParallelGC -Xmx1g}
TOMCAT_JAVA_OPTS=${TOMCAT_JAVA_OPTS:--XX:+UseParallelGC -Xmx1g}
GEN_JAVA_OPTS=${GEN_JAVA_OPTS:--Xms1g -Xmx4g}
GEN_THREADS=${GEN_THREADS:-2}
STARTUP_RUNS=${STARTUP_RUNS:-3}
TOMCAT_VERSION=10.1.59
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d "/tmp/safehouse-bench-$STAMP.XXXX")
RESULTS="$BENCH_DIR/results"
GEN_JAR="$BENCH_DIR/target/safehouse-bench.jar"
mkdir -p "$RESULTS"

# Each client is a file descriptor on both sides: raise the soft limit as far as the hard limit allows.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open-file limit: $(ulimit -n) (hard $(ulimit -Hn)); work dir $WORK"

STARTED=()
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "pid $pid did not stop in 20 s: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do
    stop_pid "$pid"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

has() { [[ ",$1," == *",$2,"* ]]; }
now_ns() { date +%s%N; }

case "$PEER" in
  "") ;;
  ws) SCENARIOS=peer CONTAINERS=jetty ;;
  *) echo "--peer knows only ws" >&2; exit 2 ;;
esac
# Only the floor needs no WAR (and no server).
NEEDS_WAR=0
[ -n "$PEER" ] && NEEDS_WAR=1
for s in fanout shootout everyday joinstorm idle reconnect startup warsize cluster; do
  if has "$SCENARIOS" "$s"; then NEEDS_WAR=1; fi
done

# ---- build ------------------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  if [ "$NEEDS_WAR" = 1 ]; then
    echo "building the WAR (mvn -q -DskipTests package in $REPO)"
    (cd "$REPO" && mvn -q -DskipTests package)
  fi
  echo "building the generator"
  (cd "$BENCH_DIR" && mvn -q -DskipTests package)
fi
[ "$NEEDS_WAR" = 0 ] || [ -f "$WAR" ] || { echo "no WAR at $WAR" >&2; exit 1; }
[ -f "$GEN_JAR" ] || (cd "$BENCH_DIR" && mvn -q -DskipTests package)
if [ "$NEEDS_WAR" = 1 ] && has "$CONTAINERS" tomcat \
    && [ ! -d "$BENCH_DIR/target/tomcat/apache-tomcat-$TOMCAT_VERSION" ]; then
  echo "unpacking Tomcat $TOMCAT_VERSION (org.apache.tomcat:tomcat:$TOMCAT_VERSION:tar.gz)"
  (cd "$BENCH_DIR" && mvn -q -Ptomcat generate-resources)
fi
# The WAR and the generator are copied, so a rebuild in the work tree during the run changes nothing.
if [ "$NEEDS_WAR" = 1 ]; then
  cp "$WAR" "$WORK/safehouse.war"
  WAR_BYTES=$(stat -c %s "$WORK/safehouse.war")
fi
cp "$GEN_JAR" "$WORK/safehouse-bench.jar"
GEN_JAR="$WORK/safehouse-bench.jar"

# ---- the bench config -------------------------------------------------------------------------------------------
# Limits raised for load: the defaults (10 msg/s per connection, 16 unjoined per address, 100 connections and 500
# joined rooms per address group, 1 MiB outbound queue) are for people, not for a generator. A key is written only when config.json.example knows it, so the script keeps
# working with a server that has not got that key (yet).
EXAMPLE="$REPO/config.json.example"
limit() { # key value
  if [ ! -f "$EXAMPLE" ] || grep -q "\"$1\"" "$EXAMPLE"; then
    printf '    "%s": %s' "$1" "$2"
  fi
}
{
  echo '{'
  echo '  "_about": "written by bench/run.sh for load tests: raised limits, no history",'
  echo '  "server_name": "Safehouse bench",'
  echo '  "allow_room_creation": true,'
  echo '  "limits": {'
  {
    limit messages_per_second 1000000; echo
    limit message_burst 1000000; echo
    limit max_unjoined_per_address 1000000; echo
    limit outbound_queue_bytes 16777216; echo
    limit outbound_queue_frames 65536; echo
    limit max_rooms 1000000; echo
    limit join_timeout_seconds 120; echo
    limit history_messages 0; echo
    limit max_connections_per_address_group 1000000; echo
    limit max_joined_rooms_per_address_group 100000000; echo
    limit rooms_created_per_minute_per_address_group 1000000; echo
  } | grep -v '^$' | sed '$!s/$/,/'
  echo '  }'
  echo '}'
} > "$WORK/config.json"
if [ -n "$CONFIG" ]; then
  cp "$CONFIG" "$WORK/config.json"
fi
# The reconnect storm needs passwords: the same config plus a default room password (/ragnarok) and a room "vault"
# with one (/chat), both "storm password".
sed -e 's|^  "server_name": "Safehouse bench",|  "server_name": "Safehouse bench",\n  "server_password": "storm password",\n  "rooms": [{"name": "vault", "password": "storm password"}],|' \
  "$WORK/config.json" > "$WORK/config-reconnect.json"
SERVER_CONFIG="$WORK/config.json"

# ---- servers ----------------------------------------------------------------------------------------------------
free_port() { java -jar "$GEN_JAR" free-port; }

SERVER_PID=
SERVER_PORT=
start_server() { # container log [port]
  local container=$1 log=$2
  SERVER_PORT=${3:-$(free_port)}
  case "$container" in
    jetty)
      # shellcheck disable=SC2086
      java $SERVER_JAVA_OPTS -jar "$WORK/safehouse.war" --config "$SERVER_CONFIG" --port "$SERVER_PORT" \
        >"$log" 2>&1 &
      SERVER_PID=$!
      ;;
    tomcat)
      local home="$BENCH_DIR/target/tomcat/apache-tomcat-$TOMCAT_VERSION" base="$WORK/tomcat-base"
      rm -rf "$base"
      mkdir -p "$base/logs" "$base/temp" "$base/webapps" "$base/work"
      cp -r "$home/conf" "$base/conf"
      # Loopback only, the chosen port, no shutdown port, and room for as many connections as the generator
      # opens (Tomcat's NIO default is 8,192).
      sed -i -e "s|<Server port=\"8005\"|<Server port=\"-1\"|" \
        -e "s|<Connector port=\"8080\" protocol=\"HTTP/1.1\"|<Connector port=\"$SERVER_PORT\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\" maxConnections=\"100000\" acceptCount=\"4096\"|" \
        "$base/conf/server.xml"
      grep -q "port=\"$SERVER_PORT\"" "$base/conf/server.xml" || { echo "could not set Tomcat's port" >&2; exit 1; }
      cp "$WORK/safehouse.war" "$base/webapps/ROOT.war"
      CATALINA_HOME="$home" CATALINA_BASE="$base" CATALINA_OPTS="$TOMCAT_JAVA_OPTS" \
        SAFEHOUSE_CONFIG="$SERVER_CONFIG" "$home/bin/catalina.sh" run >"$log" 2>&1 &
      SERVER_PID=$!   # catalina.sh run execs java: this is the JVM's PID
      ;;
  esac
  STARTED+=("$SERVER_PID")
}

stop_server() {
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID"
  SERVER_PID=
}

# Waits for a probe (by PID) while the server lives; a server that died ends the probe at once.
wait_probe() { # probe_pid
  local probe_pid=$1
  while kill -0 "$probe_pid" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      stop_pid "$probe_pid"
      return 1
    fi
    sleep 0.05
  done
  wait "$probe_pid"
}

# Waits (at most timeout_s) until the server joins a first /chat connection.
wait_ready() { # port timeout_s
  java -jar "$GEN_JAR" probe --url "ws://127.0.0.1:$1/chat" --timeout "$2" >/dev/null &
  local probe_pid=$!
  STARTED+=("$probe_pid")
  wait_probe "$probe_pid"
}

ROW_FILES=()

measure_startup() { # container
  local container=$1 run times=() probe_out ready probe_pid started hello
  for run in $(seq 1 "$STARTUP_RUNS"); do
    ready="$WORK/probe-ready-$container-$run"
    probe_out="$WORK/probe-$container-$run.out"
    # The probe JVM is started (and warm) before the server, so its own start-up is not counted.
    SERVER_PORT=$(free_port)
    java -jar "$GEN_JAR" probe --url "ws://127.0.0.1:$SERVER_PORT/chat" --timeout 60 --ready-file "$ready" \
      >"$probe_out" 2>"$probe_out.err" &
    probe_pid=$!
    STARTED+=("$probe_pid")
    for _ in $(seq 1 300); do [ -f "$ready" ] && break; sleep 0.05; done
    sleep 0.3
    started=$(now_ns)
    start_server "$container" "$WORK/startup-$container-$run.log" "$SERVER_PORT"
    wait_probe "$probe_pid" || true
    hello=$(head -1 "$probe_out" 2>/dev/null || true)
    stop_server
    if [[ "$hello" =~ ^[0-9]+$ ]]; then
      times+=($(( (hello - started) / 1000000 )))
    else
      echo "start-up run $run of $container: no connection joined (see $WORK/startup-$container-$run.log)" >&2
    fi
  done
  local sorted median best
  if [ ${#times[@]} -gt 0 ]; then
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | sed -n "$(( (${#times[@]} + 1) / 2 ))p")
    best=$(echo "$sorted" | head -1)
    echo "start-up of $container: ${times[*]} ms (median $median)"
    printf '[{"container":"%s","scenario":"startup","variant":"start to first joined /chat connection, %s runs","startup_ms_median":%s,"startup_ms_best":%s,"startup_ms_all":"%s","warnings":[]}]\n' \
      "$container" "${#times[@]}" "$median" "$best" "${times[*]}" > "$WORK/rows-startup-$container.json"
  else
    printf '[{"container":"%s","scenario":"startup","variant":"start to first joined /chat connection","warnings":["no start-up run succeeded"]}]\n' \
      "$container" > "$WORK/rows-startup-$container.json"
  fi
  ROW_FILES+=("$WORK/rows-startup-$container.json")
}

if [ -n "$PEER" ]; then
  # shellcheck source=bench/peer-ws.sh
  source "$BENCH_DIR/peer-ws.sh"
  run_peer_ws
  exit 0
fi

GEN_SCENARIOS=$(echo "$SCENARIOS" | tr ',' '\n' | grep -E '^(fanout|shootout|everyday|joinstorm|idle|reconnect)$' | paste -sd, - || true)

for container in $(echo "$CONTAINERS" | tr ',' ' '); do
  case "$container" in jetty|tomcat) ;; *) echo "unknown container $container" >&2; exit 2 ;; esac
  SERVER_CONFIG="$WORK/config.json"
  if has "$SCENARIOS" startup; then
    measure_startup "$container"
  fi
  # A fresh server for each scenario: RSS and CPU figures are then that scenario's own (a JVM keeps the heap an
  # earlier scenario grew), and a scenario that kills the server does not take the others with it.
  for scenario in $(echo "$GEN_SCENARIOS" | tr ',' ' '); do
    SERVER_CONFIG="$WORK/config.json"
    if [ "$scenario" = reconnect ]; then SERVER_CONFIG="$WORK/config-reconnect.json"; fi
    start_server "$container" "$WORK/server-$container-$scenario.log"
    if ! wait_ready "$SERVER_PORT" 120; then
      echo "$container did not accept a connection in 120 s; its log:" >&2
      tail -30 "$WORK/server-$container-$scenario.log" >&2
      stop_server
      continue
    fi
    echo "$container: server pid $SERVER_PID on port $SERVER_PORT; scenario $scenario, scale $SCALE"
    # shellcheck disable=SC2086
    java $GEN_JAVA_OPTS -jar "$GEN_JAR" run --url "ws://127.0.0.1:$SERVER_PORT/chat" --server-pid "$SERVER_PID" \
      --container "$container" --scenarios "$scenario" --scale "$SCALE" --duration "$DURATION" \
      --threads "$GEN_THREADS" --out "$WORK/rows-$container-$scenario.json" "${GENERATOR_ARGS[@]}" \
      > "$WORK/generator-$container-$scenario.out" &
    GEN_PID=$!
    STARTED+=("$GEN_PID")
    wait "$GEN_PID" || echo "the generator exited with status $? on $container ($scenario)" >&2
    ROW_FILES+=("$WORK/rows-$container-$scenario.json")
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the $container server died during $scenario; the end of its log:" >&2
      tail -20 "$WORK/server-$container-$scenario.log" >&2
    fi
    stop_server
  done
done

# ---- the floor: the kernel alone, once, no server ---------------------------------------------------------------
# The generator starts a writer child process (same java, same jar) that writes each broadcast's frame to every
# loopback connection, one writev per delivery, and reads them itself; the writer's CPU per delivery is measured
# like a server's. The generator stops its child by PID; this script stops the generator.
if has "$SCENARIOS" floor; then
  echo "floor: the kernel's cost per delivery (no server)"
  # shellcheck disable=SC2086
  java $GEN_JAVA_OPTS -jar "$GEN_JAR" floor --duration "$DURATION" --out "$WORK/rows-floor.json" \
    "${GENERATOR_ARGS[@]}" > "$WORK/generator-floor.out" &
  GEN_PID=$!
  STARTED+=("$GEN_PID")
  wait "$GEN_PID" || echo "the generator exited with status $? (floor)" >&2
  ROW_FILES+=("$WORK/rows-floor.json")
fi

# ---- cluster: two nodes against one, the same load, through one Redis -------------------------------------------
# The fixed-rate fan-out (rooms of 100 and 1000 unless told otherwise after --) three times, java -jar only: one node
# in memory (no Redis: the baseline), one node in cluster mode (every message takes the Redis hop: EVALSHA, XADD,
# PUBLISH, back through pub/sub) and two nodes in cluster mode with the room's clients spread over both. The
# servers' CPU is summed over the nodes (srv us/dl); Redis's is reported apart (redis_cpu_us_per_delivery). Redis
# runs as the tests run it: its own directory, a free loopback port, AOF with fsync always, stopped by PID.
if has "$SCENARIOS" cluster; then
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  /usr/bin/redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync always \
    --dir "$WORK/redis" >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  STARTED+=("$REDIS_PID")
  for _ in $(seq 1 100); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    sleep 0.1
  done
  sed -e "s|^  \"server_name\": \"Safehouse bench\",|  \"server_name\": \"Safehouse bench\",\n  \"cluster\": {\"redis_url\": \"redis://127.0.0.1:$REDIS_PORT/0\"},|" \
    "$WORK/config.json" > "$WORK/config-cluster.json"
  CLUSTER_ARGS=(--fanout-sizes 100,1000 --fanout-modes fixed)
  for setup in "1 node:1:$WORK/config.json" "1 node+redis:1:$WORK/config-cluster.json" \
      "2 nodes+redis:2:$WORK/config-cluster.json"; do
    IFS=: read -r label count config <<<"$setup"
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
    NODE_PIDS=() NODE_URLS=()
    for n in $(seq 1 "$count"); do
      port=$(free_port)
      # shellcheck disable=SC2086
      java $SERVER_JAVA_OPTS -jar "$WORK/safehouse.war" --config "$config" --port "$port" \
        >"$WORK/server-cluster-${count}-$n.log" 2>&1 &
      NODE_PIDS+=($!)
      STARTED+=($!)
      NODE_URLS+=("ws://127.0.0.1:$port/chat")
      java -jar "$GEN_JAR" probe --url "ws://127.0.0.1:$port/chat" --timeout 120 >/dev/null \
        || echo "node $n of \"$label\" did not join a probe in 120 s (see $WORK/server-cluster-${count}-$n.log)" >&2
    done
    echo "cluster: $label (pids ${NODE_PIDS[*]}, redis $REDIS_PID)"
    REDIS_ARGS=()
    [[ "$label" == *redis* ]] && REDIS_ARGS=(--redis-pid "$REDIS_PID")
    URLS=$(IFS=,; echo "${NODE_URLS[*]}")
    PIDS=$(IFS=,; echo "${NODE_PIDS[*]}")
    # shellcheck disable=SC2086
    java $GEN_JAVA_OPTS -jar "$GEN_JAR" run --url "$URLS" --server-pid "$PIDS" "${REDIS_ARGS[@]}" \
      --container "$label" --scenarios fanout --scale "$SCALE" --duration "$DURATION" --threads "$GEN_THREADS" \
      --out "$WORK/rows-cluster-$count-${#REDIS_ARGS[@]}.json" "${CLUSTER_ARGS[@]}" "${GENERATOR_ARGS[@]}" \
      > "$WORK/generator-cluster-$count-${#REDIS_ARGS[@]}.out" &
    GEN_PID=$!
    STARTED+=("$GEN_PID")
    wait "$GEN_PID" || echo "the generator exited with status $? ($label)" >&2
    ROW_FILES+=("$WORK/rows-cluster-$count-${#REDIS_ARGS[@]}.json")
    for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  done
  stop_pid "$REDIS_PID"
fi

if has "$SCENARIOS" warsize; then
  printf '[{"container":"war","scenario":"war-size","variant":"target/safehouse.war","war_bytes":%s,"war_mib":%s,"warnings":[]}]\n' \
    "$WAR_BYTES" "$(awk "BEGIN { printf \"%.2f\", $WAR_BYTES / 1048576 }")" > "$WORK/rows-war.json"
  ROW_FILES+=("$WORK/rows-war.json")
fi

COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//; s/,/;/g')
MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
JAVA=$(java -version 2>&1 | head -1 | sed 's/,/;/g')
META="stamp=$STAMP,commit=$COMMIT,cpus=$(nproc),cpu=$CPU,memory=$MEM,kernel=$(uname -r),java=$JAVA"
META="$META,scale=$SCALE,scenarios=${SCENARIOS//,/ },containers=${CONTAINERS//,/ },open_files=$(ulimit -n)"
META="$META,java_jar_opts=${SERVER_JAVA_OPTS//,/ },tomcat_opts=${TOMCAT_JAVA_OPTS//,/ }"
echo
java -jar "$GEN_JAR" report --out "$RESULTS/$STAMP.json" --meta "$META" "${ROW_FILES[@]}"
echo "logs and raw rows: $WORK"
