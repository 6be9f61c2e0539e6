#!/usr/bin/env bash
# Start time and idle memory of the service images, the way a Kubernetes pod of ours runs them: one CPU, 512 MiB.
# bench/run.sh calls it for the start figures of docs/performance.md; on its own it compares JVM levers.
#
# For each service: `docker run` with --cpus 1 --memory 512m on a read-only root filesystem and the host's network
# (so api can reach the PostgreSQL and Redis of the machine), poll /health/ready on a free port until it answers 200
# (ready_ms counts from just before `docker run`), wait SETTLE seconds, then read the container's memory as
# `docker stats` reports it (idle_mib). Repeated REPS times, one container at a time; the median is printed.
#
# The reference, measured the same way in the same run, is the JDK's own file server (`java -m jdk.httpserver`) in a
# container of the base image: what starting a container, a JVM and an HTTP listener costs at all. Figures from a
# busy machine compare as ratios to it.
#
# Prints "reference ready_ms idle_mib", then "service ready_ms idle_mib" for each service; on stderr, the ratio to
# the reference, the CPU time the container used up to ready, and every run.
#
# Usage: bench/start.sh [service...]      (default: web api crawler)
#   TAG=1.0.0-SNAPSHOT   image tag (synergychat-<service>:$TAG)
#   BASE=local/temurin-jre:25   the base image the services were built on, for the reference
#   REPS=5               repetitions; the median of them is printed
#   SETTLE=10            seconds between ready and the memory reading
#   API_ENV='DATABASE_URL=... REDIS_URL=...'   environment for api (default: none, the memory store)
#   DOCKER_ARGS=...      extra `docker run` arguments for every service container (for trying a JVM flag:
#                        DOCKER_ARGS='-e JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1')
#   LABEL=key=value      a label on every container, for a caller's clean-up
set -euo pipefail

TAG=${TAG:-1.0.0-SNAPSHOT}
BASE=${BASE:-local/temurin-jre:25}
REPS=${REPS:-5}
SETTLE=${SETTLE:-10}
read -r -a extra <<< "${DOCKER_ARGS:-}"
read -r -a api_env <<< "${API_ENV:-}"
labels=()
[ -z "${LABEL:-}" ] || labels=(--label "$LABEL")
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(web api crawler)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# Memory as `docker stats` shows it (usage minus inactive file cache), in MiB with one decimal.
mib() {
  docker stats --no-stream --format '{{.MemUsage}}' "$1" | awk '{v = $1; u = v; sub(/[0-9.]+/, "", u);
    f = (u == "GiB") ? 1024 : (u == "KiB") ? 1 / 1024 : (u == "B") ? 1 / 1048576 : 1; printf "%.1f\n", (v + 0) * f}'
}

# One start: name, image, the variable that takes the port (or - for the reference), then the environment.
# Prints "ready_ms idle_mib cpu_ms".
start_once() {
  local what=$1 image=$2 port_variable=$3; shift 3
  local name="synergychat-bench-start-$what-$$" port mport env=() command=() t0 ready cpu_ms
  port=$(free_port); mport=$(free_port)
  if [ "$port_variable" = - ]; then
    command=(java -m jdk.httpserver -b 127.0.0.1 -p "$port" -d /tmp)
  else
    env=(-e "$port_variable=$port" -e "MANAGEMENT_PORT=$mport")
    for kv in "$@"; do env+=(-e "$kv"); done
  fi
  local path=/health/ready
  [ "$port_variable" != - ] || path=/
  trap 'docker rm -f "$name" >/dev/null 2>&1 || true' RETURN
  t0=$(now_ms)
  docker run -d --name "$name" "${labels[@]}" --network host --cpus 1 --memory 512m --read-only --tmpfs /tmp \
    "${env[@]}" "${extra[@]}" "$image" "${command[@]}" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port$path")" = 200 ]; do
    if [ $(( $(now_ms) - t0 )) -gt 180000 ] || [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ]; then
      echo "$what did not become ready; its log:" >&2
      docker logs "$name" 2>&1 | tail -n 30 >&2
      return 1
    fi
    sleep 0.02
  done
  ready=$(( $(now_ms) - t0 ))
  # CPU time the container used up to ready, for the Kubernetes CPU request: cgroup v2, else v1.
  cpu_ms=$({ docker exec "$name" cat /sys/fs/cgroup/cpu.stat 2>/dev/null | awk '/^usage_usec/ {printf "%d", $2 / 1000}'
    docker exec "$name" cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null | awk '{printf "%d", $1 / 1000000}'
  } || true)
  sleep "$SETTLE"
  echo "$ready $(mib "$name") ${cpu_ms:--}"
}

summarise() { # what results -> "what ready idle" on stdout, the runs on stderr
  local what=$1 results=$2 ready idle cpu
  ready=$(cut -d' ' -f1 <<< "$results" | median)
  idle=$(cut -d' ' -f2 <<< "$results" | median)
  cpu=$(cut -d' ' -f3 <<< "$results" | { grep -v -- - || true; } | median)
  echo "$what $ready $idle"
  local ratio=""
  [ -z "${reference_ms:-}" ] || ratio="$(awk -v r="$ready" -v b="$reference_ms" 'BEGIN {printf "%.1f", r / b}') x the reference, "
  echo "# $what: ready ${ratio}$cpu CPU-ms to ready; runs (ready_ms idle_mib cpu_ms): $(paste -sd, <<< "$results")" >&2
}

results=$(for _ in $(seq "$REPS"); do start_once reference "$BASE" -; done)
line=$(summarise reference "$results")
echo "$line"
reference_ms=$(cut -d' ' -f2 <<< "$line")
for service in "${services[@]}"; do
  case $service in
    web) results=$(for _ in $(seq "$REPS"); do start_once web "synergychat-web:$TAG" WEB_PORT; done) ;;
    api) results=$(for _ in $(seq "$REPS"); do start_once api "synergychat-api:$TAG" API_PORT "${api_env[@]}"; done) ;;
    crawler) results=$(for _ in $(seq "$REPS"); do
        start_once crawler "synergychat-crawler:$TAG" CRAWLER_PORT CRAWLER_BOOKS_URL=sample; done) ;;
    *) echo "unknown service $service: web, api or crawler" >&2; exit 2 ;;
  esac
  summarise "$service" "$results"
done
