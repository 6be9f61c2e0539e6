#!/usr/bin/env bash
# Capacity benchmark for api on PostgreSQL (and Redis for the stream), as issue 3 asks: not a test, a measurement.
# For GET /messages (newest 100) with 100 and with 1,000,000 stored messages, and for POST /messages, it prints
# two figures: the most requests/s api serves (wrk, closed loop, $BENCH_CONNECTIONS connections; its p99 is
# inflated by the queue that saturation builds) and the p99 while 2,000 requests/s are offered (hey, 20 workers at
# 100 requests/s each), which is the target's question: can api sustain that rate with p99 under 50 ms. Last, the
# latency of a message from a post on one replica to an open stream on another.
#
#   api/bench/run.sh   # from the repository root; needs wrk and hey (Debian packages), psql and a JDK 25
#
# BENCH_POSTGRES_URL  server to create the benchmark databases on (default postgresql://postgres@127.0.0.1:5432)
# BENCH_REDIS_URL     Redis for the two-replica stream measurement (default redis://127.0.0.1:6379)
# BENCH_DURATION      length of each wrk run (default 20s); BENCH_CONNECTIONS (default 32)
set -euo pipefail
cd "$(dirname "$0")/../.."

postgres=${BENCH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}
redis=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
duration=${BENCH_DURATION:-20s}
connections=${BENCH_CONNECTIONS:-32}
java=${JAVA_HOME:?point JAVA_HOME at a JDK 25}/bin/java
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v hey >/dev/null || { echo "hey is missing: apt-get install hey" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }

run_id=bench_$$
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in small large; do psql -q "$postgres/postgres" -c "DROP DATABASE IF EXISTS ${run_id}_$db WITH (FORCE)" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -B -ntp -q -pl api -am package -DskipTests
jar=$(ls api/target/api-*.jar | grep -v original | head -n 1)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts api on a free port against database $1 and sets $port once it is ready. Not called in a command
# substitution: that would run it in a subshell, and the cleanup would never learn the process to stop.
start_api() {
  port=$(free_port)
  API_PORT=$port DATABASE_URL="$postgres/$1" REDIS_URL="$redis" API_RATE_LIMIT=1000000000 \
    "$java" -Dserver.address=127.0.0.1 -Dsynergychat.api.redis.key-prefix="$run_id:" -jar "$jar" \
    > "$work/api-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; then return; fi
    sleep 0.5
  done
  echo "api did not become ready, see $work/api-$port.log" >&2; exit 1
}

# Runs wrk and prints "<requests/s> <p99>".
measure() {
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" > "$work/wrk.txt"
  local rate p99
  rate=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  echo "$rate $p99"
}

# Offers 2,000 requests/s (20 workers, 100/s each) and prints "<requests/s served> <p99>".
at_rate() {
  hey -z "$duration" -c 20 -q 100 "$@" > "$work/hey.txt"
  local rate p99
  rate=$(awk '/Requests\/sec:/ {printf "%.0f", $2}' "$work/hey.txt")
  p99=$(awk '$1 == "99%" {printf "%.1fms", $3 * 1000}' "$work/hey.txt")
  echo "$rate $p99"
}
post_body='{"AuthorUsername":"bench","Text":"benchmark post"}'

# Stores $2 messages in database $1, then vacuums so autovacuum does not work on them during the measurements.
fill() {
  psql -q "$postgres/$1" -c "INSERT INTO messages (author_username, text, created_at)
    SELECT 'bench', 'benchmark message number ' || n, now() FROM generate_series(1, $2) AS n" \
    -c "VACUUM (ANALYZE) messages"
}

for db in small large; do psql -q "$postgres/postgres" -c "CREATE DATABASE ${run_id}_$db"; done
start_api "${run_id}_small"; small_port=$port
start_api "${run_id}_large"; large_port=$port
fill "${run_id}_small" 100
echo "filling 1,000,000 messages..."
fill "${run_id}_large" 1000000

# Warm both JVMs up the same way before measuring: a cold JIT halves the first figures.
wrk -t2 -c8 -d10s "http://127.0.0.1:$small_port/messages" >/dev/null
wrk -t2 -c8 -d10s "http://127.0.0.1:$large_port/messages" >/dev/null

# The two GET figures are compared, so each is the better of two runs taken in turn, which keeps a passing
# disturbance of the machine from landing on one of them only.
best() { # "<rate> <p99>" lines on standard input: the line with the highest rate
  sort -g -r -k1,1 | head -n 1
}
read -r get_small_rate get_small_p99 get_large_rate get_large_p99 < <(
  small1=$(measure "http://127.0.0.1:$small_port/messages")
  large1=$(measure "http://127.0.0.1:$large_port/messages")
  small2=$(measure "http://127.0.0.1:$small_port/messages")
  large2=$(measure "http://127.0.0.1:$large_port/messages")
  echo "$(printf '%s\n%s\n' "$small1" "$small2" | best) $(printf '%s\n%s\n' "$large1" "$large2" | best)"
)
wrk -t2 -c8 -d10s -s api/bench/post.lua "http://127.0.0.1:$large_port/messages" >/dev/null
read -r post_rate post_p99 < <(measure -s api/bench/post.lua "http://127.0.0.1:$large_port/messages")
read -r get_small_at get_small_at_p99 < <(at_rate "http://127.0.0.1:$small_port/messages")
read -r get_large_at get_large_at_p99 < <(at_rate "http://127.0.0.1:$large_port/messages")
read -r post_at post_at_p99 < <(at_rate -m POST -T application/json -d "$post_body" \
  "http://127.0.0.1:$large_port/messages")

# A second replica on the large database: posts to one, stream open on the other.
start_api "${run_id}_large"; second_port=$port
wrk -t2 -c8 -d10s "http://127.0.0.1:$second_port/messages" >/dev/null
stream=$("$java" api/bench/StreamLatency.java "http://127.0.0.1:$large_port" "http://127.0.0.1:$second_port" 500)

cat <<REPORT

api benchmark, $(nproc) cores, load generator on the same machine, $duration per run
                                               most served (wrk, $connections connections)   offered 2,000 req/s (hey)
GET /messages (newest 100), 100 stored:        $get_small_rate req/s, p99 $get_small_p99      $get_small_at req/s, p99 $get_small_at_p99
GET /messages (newest 100), 1,000,000 stored:  $get_large_rate req/s, p99 $get_large_p99      $get_large_at req/s, p99 $get_large_at_p99
POST /messages (PostgreSQL, 1,000,000 stored): $post_rate req/s, p99 $post_p99      $post_at req/s, p99 $post_at_p99
GET rate with 1,000,000 vs 100 stored:         $(awk -v a="$get_large_rate" -v b="$get_small_rate" 'BEGIN {printf "%.0f%%", 100 * a / b}')
Stream, post on one replica to event on another: $stream
REPORT
