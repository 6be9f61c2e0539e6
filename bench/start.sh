#!/usr/bin/env bash
# Start time and idle memory of the service images, the way a Kubernetes pod of ours runs them: one CPU, 512 MiB.
#
# For each service: `docker run` with --cpus 1 --memory 512m, poll /health/ready on the published port until it
# answers 200 (ready_ms counts from just before `docker run`), wait for it to settle, then read the container's
# memory as `docker stats` reports it (idle_mib). Repeated REPS times, one container at a time; the median is
# printed. The reference, measured in the same run, is `java -version` in a container of the base image: the cost
# of starting a container and a JVM at all, so figures from a busy machine can be compared as ratios.
#
# Prints one line per service, "service ready_ms idle_mib", after a "reference ready_ms -" line; on stderr, the ratio
# to the reference, the CPU time the container used up to ready, and every run. Meant to be called by the benchmark that writes docs/performance.md.
#
# Usage: bench/start.sh [service...]      (default: web api crawler)
#   TAG=1.0.0-SNAPSHOT   image tag (synergychat-<service>:$TAG)
#   BASE=local/temurin-jre:25   the base image the services were built on, for the reference
#   REPS=5               repetitions; the median of them is printed
#   SETTLE=10            seconds between ready and the memory reading
#   DOCKER_ARGS=...      extra `docker run` arguments for every service container (for trying a JVM flag:
#                        DOCKER_ARGS='-e JAVA_TOOL_OPTIONS=-XX:+UseSerialGC')
set -euo pipefail

TAG=${TAG:-1.0.0-SNAPSHOT}
BASE=${BASE:-local/temurin-jre:25}
REPS=${REPS:-5}
SETTLE=${SETTLE:-10}
read -r -a extra <<< "${DOCKER_ARGS:-}"
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(web api crawler)
limits=(--cpus 1 --memory 512m)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2)}'; }

# Memory as `docker stats` shows it (usage minus inactive file cache), in MiB.
mib() {
  docker stats --no-stream --format '{{.MemUsage}}' "$1" | awk '{
    v=$1; n=v+0
    if (v ~ /GiB/) n*=1024; else if (v ~ /KiB/) n/=1024; else if (v ~ /[0-9]B$/) n/=1048576
    printf "%d\n", n + 0.5 }'
}

reference_once() {
  local start end
  start=$(now_ms)
  docker run --rm "${limits[@]}" "$BASE" java -version >/dev/null 2>&1
  end=$(now_ms)
  echo $((end - start))
}

service_once() { # service -> "ready_ms idle_mib"
  local service=$1 name="synergychat-bench-start-$1-$$" env=() start ready port=""
  [ "$service" != crawler ] || env=(-e CRAWLER_BOOKS_URL=sample)
  start=$(now_ms)
  docker run -d --name "$name" "${limits[@]}" --read-only --tmpfs /tmp -p 127.0.0.1::8080 "${env[@]}" \
    "${extra[@]}" "synergychat-$service:$TAG" >/dev/null
  trap 'docker rm -f "$name" >/dev/null 2>&1 || true' RETURN
  while :; do
    [ -n "$port" ] || port=$(docker port "$name" 8080 2>/dev/null | head -n 1)
    if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$port/health/ready")" = 200 ]; then
      break
    fi
    if [ $(( $(now_ms) - start )) -gt 120000 ] || [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ]; then
      echo "$service did not become ready; its log:" >&2
      docker logs "$name" 2>&1 | tail -n 30 >&2
      return 1
    fi
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  # CPU time the container used up to ready, for the Kubernetes CPU request: cgroup v2, else v1.
  cpu_ms=$({ docker exec "$name" cat /sys/fs/cgroup/cpu.stat 2>/dev/null | awk '/^usage_usec/ {printf "%d", $2 / 1000}'
    docker exec "$name" cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null | awk '{printf "%d", $1 / 1000000}'
  } || true)
  sleep "$SETTLE"
  echo "$ready $(mib "$name") ${cpu_ms:--}"
}

ref=$(for _ in $(seq "$REPS"); do reference_once; done | median)
echo "reference $ref -"
for service in "${services[@]}"; do
  results=$(for _ in $(seq "$REPS"); do service_once "$service"; done)
  ready=$(cut -d' ' -f1 <<< "$results" | median)
  idle=$(cut -d' ' -f2 <<< "$results" | median)
  cpu=$(cut -d' ' -f3 <<< "$results" | { grep -v -- - || true; } | median)
  echo "$service $ready $idle"
  echo "# $service: ready $(awk -v r="$ready" -v b="$ref" 'BEGIN {printf "%.1f", r / b}') x the reference, $cpu CPU-ms to ready; runs (ready_ms idle_mib cpu_ms): $(paste -sd, <<< "$results")" >&2
done
