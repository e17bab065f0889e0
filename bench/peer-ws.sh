# Sourced by bench/run.sh for `--peer ws`: Safehouse side by side with the reference server (bench/ws-reference).
# Uses run.sh's variables and functions (WORK, GEN_JAR, SERVER_CONFIG, start_server, stop_pid, free_port, STARTED,
# ROW_FILES, DURATION, ROUNDS, PEER_CHECK, GENERATOR_ARGS).

REFERENCE_DIR="$BENCH_DIR/ws-reference"

# The loads, each a label and the generator options that make it (the issue's three, at fixed offered rates).
PEER_LOADS=(
  "room of 100 @ 60,000/s|--scenarios fanout --fanout-sizes 100 --fanout-senders 10 --fanout-rates 60000 --fanout-modes fixed"
  "room of 1000 @ 50,000/s|--scenarios fanout --fanout-sizes 1000 --fanout-senders 10 --fanout-rates 50000 --fanout-modes fixed"
  "100 pairs @ 1,500/s|--scenarios pairs --pairs 100 --pairs-rate 1500"
)

# Starts a Node reference server (script, port, log); sets REF_PID once it prints that it listens.
start_reference() { # script port log
  local script=$1 port=$2 log=$3
  NODE_PATH="$REFERENCE_DIR/node_modules" node "$script" --port "$port" --host 127.0.0.1 --password '' \
    --name 'Safehouse bench' --presence coalesce >"$log" 2>&1 &
  REF_PID=$!
  STARTED+=("$REF_PID")
  for _ in $(seq 1 100); do
    grep -q 'listening' "$log" 2>/dev/null && return 0
    kill -0 "$REF_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the reference server $script did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

# One pass: one load against one target, rows tagged with the round.
peer_pass() { # round target-index load-index
  local round=$1 t=$2 l=$3 label url pid protocol load_label load_args out
  IFS='|' read -r label url pid protocol <<<"${PEER_TARGETS[$t]}"
  IFS='|' read -r load_label load_args <<<"${PEER_LOADS[$l]}"
  out="$WORK/rows-peer-r$round-t$t-l$l.json"
  echo "round $round: $load_label against $label"
  # shellcheck disable=SC2086
  java $GEN_JAVA_OPTS -jar "$GEN_JAR" run --url "$url" --server-pid "$pid" --container "$label" \
    --protocol "$protocol" --round "$round" --duration "$DURATION" --threads "$GEN_THREADS" --out "$out" \
    $load_args "${GENERATOR_ARGS[@]}" > "$WORK/generator-peer-r$round-t$t-l$l.out" &
  GEN_PID=$!
  STARTED+=("$GEN_PID")
  wait "$GEN_PID" || echo "the generator exited with status $? (round $round, $load_label, $label)" >&2
  ROW_FILES+=("$out")
  kill -0 "$pid" 2>/dev/null || { echo "$label (pid $pid) died; the run stops" >&2; exit 1; }
}

run_peer_ws() {
  command -v node >/dev/null || { echo "--peer ws needs node (18 or later)" >&2; exit 1; }
  if [ ! -d "$REFERENCE_DIR/node_modules/ws" ]; then
    echo "installing the reference's dependencies (npm ci in $REFERENCE_DIR)"
    (cd "$REFERENCE_DIR" && npm ci --no-audit --no-fund --silent)
  fi
  start_server jetty "$WORK/server-peer.log"
  wait_ready "$SERVER_PORT" 120 || { echo "Safehouse did not start; see $WORK/server-peer.log" >&2; exit 1; }
  local safehouse_pid=$SERVER_PID safehouse_port=$SERVER_PORT ours_port theirs_port
  ours_port=$(free_port)
  start_reference "$REFERENCE_DIR/ragnarok-server.js" "$ours_port" "$WORK/ws-reference.log"
  # Every URL ends in /chat: a Ragnarok client of the generator connects to /ragnarok beside it, a path the
  # reference accepts like any other.
  PEER_TARGETS=(
    "safehouse /ragnarok|ws://127.0.0.1:$safehouse_port/chat|$safehouse_pid|ragnarok"
    "ws|ws://127.0.0.1:$ours_port/chat|$REF_PID|ragnarok"
    "safehouse /chat|ws://127.0.0.1:$safehouse_port/chat|$safehouse_pid|chat"
  )
  if [ -n "$PEER_CHECK" ]; then
    theirs_port=$(free_port)
    start_reference "$PEER_CHECK/ws-ragnarok.js" "$theirs_port" "$WORK/ws-check.log"
    PEER_TARGETS+=("ws ($(basename "$PEER_CHECK"))|ws://127.0.0.1:$theirs_port/chat|$REF_PID|ragnarok")
  fi
  echo "Safehouse pid $safehouse_pid (port $safehouse_port); targets: ${PEER_TARGETS[*]}"
  local round l t order
  for round in $(seq 0 "$ROUNDS"); do
    # Round 0 is the untimed warm-up of every server on every load. Odd rounds go through the targets in order,
    # even rounds backwards, so that a drift in the machine's load does not favour one server.
    order=$(seq 0 $(( ${#PEER_TARGETS[@]} - 1 )))
    if [ $(( round % 2 )) = 0 ] && [ "$round" != 0 ]; then order=$(echo "$order" | tac); fi
    for l in "${!PEER_LOADS[@]}"; do
      for t in $order; do
        peer_pass "$round" "$t" "$l"
      done
    done
    if [ "$round" = 1 ]; then
      echo "floor: one writev per delivery, no server (rooms of 100 and 1000 at the same rates)"
      # shellcheck disable=SC2086
      java $GEN_JAVA_OPTS -jar "$GEN_JAR" floor --duration "$DURATION" --out "$WORK/rows-floor.json" \
        --floor-sizes 100,1000 --floor-rates 60000,50000 > "$WORK/generator-floor.out" &
      GEN_PID=$!
      STARTED+=("$GEN_PID")
      wait "$GEN_PID" || echo "the generator exited with status $? (floor)" >&2
      ROW_FILES+=("$WORK/rows-floor.json")
    fi
  done
  COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)
  local meta="stamp=$STAMP,commit=$COMMIT,war=$WAR,peer=ws,rounds=$ROUNDS,duration=$DURATION,cpus=$(nproc)"
  meta="$meta,kernel=$(uname -r),java=$(java -version 2>&1 | head -1 | sed 's/,/;/g'),node=$(node --version)"
  meta="$meta,ws=$(node -p "require('$REFERENCE_DIR/node_modules/ws/package.json').version")"
  meta="$meta,java_jar_opts=${SERVER_JAVA_OPTS//,/ },load_average=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
  echo
  java -jar "$GEN_JAR" report --out "$RESULTS/$STAMP-peer-ws.json" --meta "$meta" "${ROW_FILES[@]}" \
    > "$WORK/report.txt"
  echo "all rows: $WORK/report.txt and $RESULTS/$STAMP-peer-ws.json"
  echo
  echo "Safehouse ($WAR, java $SERVER_JAVA_OPTS -jar) against ws $(node -p "require('$REFERENCE_DIR/node_modules/ws/package.json').version") (bench/ws-reference), $ROUNDS rounds of $DURATION s, $STAMP"
  java -jar "$GEN_JAR" peer-table --reference ws "${ROW_FILES[@]}" | tee "$RESULTS/$STAMP-peer-ws.md"
  echo "logs and raw rows: $WORK"
}
