#!/usr/bin/env bash
# The Redis side of a cluster's fan-out, alone: what one PUBLISH costs Redis with 0..100 subscribers (each a node
# of a cluster that subscribes to every channel), and what pattern subscriptions (PSUBSCRIBE <prefix>ch:*, as every
# node does today) add. Feeds the "A hundred nodes" estimate in docs/PERFORMANCE.md.
#
#   bench/redis-pubsub.sh [--publishes N] [--payload BYTES] [--subscribers "0 1 10 100"]
#
# Starts Debian's redis-server on a free loopback port in a temp directory (no persistence: pub/sub is not
# persisted), K redis-cli subscribers (output to /dev/null), then redis-benchmark sending N PUBLISHes of a payload of
# BYTES bytes (one connection, no pipelining, as a node's command connection under light load is not pipelined much),
# and reads Redis's utime+stime from /proc before and after. Prints one line per K: publishes/s and Redis CPU per
# publish, for SUBSCRIBE and for PSUBSCRIBE. Every process it starts is stopped by its PID on exit.
set -euo pipefail
PUBLISHES=100000
PAYLOAD=300
SUBSCRIBERS="0 1 10 50 100"
while [ $# -gt 0 ]; do
  case "$1" in
    --publishes) PUBLISHES=$2; shift 2 ;;
    --payload) PAYLOAD=$2; shift 2 ;;
    --subscribers) SUBSCRIBERS=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WORK=$(mktemp -d /tmp/safehouse-redis-pubsub.XXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS=$!
PIDS+=("$REDIS")
for _ in $(seq 1 100); do [ "$(redis-cli -p "$PORT" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TEXT=$(head -c "$PAYLOAD" /dev/zero | tr '\0' 'x')
echo "kind,subscribers,publishes,publishes_per_s,redis_cpu_us_per_publish"
for kind in subscribe psubscribe; do
  for k in $SUBSCRIBERS; do
    SUBS=()
    for _ in $(seq 1 "$k"); do
      if [ "$kind" = subscribe ]; then
        redis-cli -p "$PORT" subscribe "safehouse:ch:t:room/lobby" >/dev/null 2>&1 &
      else
        redis-cli -p "$PORT" psubscribe "safehouse:ch:*" >/dev/null 2>&1 &
      fi
      SUBS+=($!)
      PIDS+=($!)
    done
    for _ in $(seq 1 100); do
      n=$(redis-cli -p "$PORT" info clients | awk -F: '/^pubsub_clients|^connected_clients/ { c=$2 } END { print c+0 }')
      [ "$n" -ge $((k + 1)) ] && break
      sleep 0.1
    done
    before=$(ticks "$REDIS")
    start=$(date +%s%N)
    redis-benchmark -p "$PORT" -c 1 -n "$PUBLISHES" -q PUBLISH "safehouse:ch:t:room/lobby" "$TEXT" >/dev/null
    end=$(date +%s%N)
    after=$(ticks "$REDIS")
    awk -v k="$k" -v n="$PUBLISHES" -v t=$(( end - start )) -v c=$(( after - before )) -v kind="$kind" \
      'BEGIN { printf "%s,%d,%d,%.0f,%.2f\n", kind, k, n, n / (t / 1e9), c * 10000 / n }'
    for pid in "${SUBS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  done
done
