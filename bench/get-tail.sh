#!/usr/bin/env bash
# Where the GET tail of bench/run.sh comes from: the same two api replicas (PostgreSQL + Redis, 100 messages) and the
# same wrk -t2 -c32 (16 connections to each), with the JVMs run four ways, and nginx serving the page two ways:
#   api-host              the packaged jar on the host's JDK, with the JVM settings the image gets at 512 MiB
#                         (-Xmx205m, the serial collector, the native heap trim), each JVM a process of the host
#   api-host-cgroup       the same, each JVM moved into a CPU cgroup of its own (cgroup v1 only; skipped elsewhere)
#   api-container-hostjdk the same JDK and jar, in a container of the api image (--memory 512m, the host's network)
#   api-container         the api image as bench/run.sh runs it
#   api-container-noaot   the image with its AOT cache switched off (JAVA_TOOL_OPTIONS=-XX:AOTMode=off)
#   api-container-tool    the image with JAVA_TOOL_OPTIONS=$TOOL_OPTIONS (a JVM flag to try)
#   api-container-cp      the image's JRE and class path with the JVM settings above, no cache
#   api-container-jar     the image's JRE running the packaged jar (-jar) with the JVM settings above
#   nginx-host, nginx-container  nginx serving the same bytes as a file, on the host and in the local nginx image
#   api-container-peerload, nginx-container-peerload  as api-container and nginx-container, with wrk in a CPU cgroup
#                         beside the containers' under Docker's parent group (cgroup v1 with Docker's cgroupfs driver)
# The variants run in turn, PASSES times, each with a warm-up of WARM s and then ROUNDS rounds of SECONDS s. Prints one
# line per round, "variant pass round requests/s p50 p75 p90 p99 p99.9" (ms), then the median p75 and p99 of each.
# Nothing is asserted: docs/startup.md ("The GET tail", "The training run and the hot path") quotes runs. By
# default the first four api variants and both nginx ones run; VARIANTS="api-container api-container-tool" runs
# only those, in that order, each pass.
#
#   ./mvnw -pl api -am package jib:dockerBuild -DskipTests -Dimage.tag=bench   # the jar and the image
#   bench/get-tail.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${TAG:-bench}
passes=${PASSES:-2}
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_ROUND:-10}
warm=${WARM:-30}
postgres=${BENCH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}
redis=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
java_home=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort | tail -n 1)}
jar=$(ls api/target/api-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
for tool in docker wrk nginx psql curl; do
  command -v "$tool" >/dev/null || { echo "bench/get-tail.sh needs $tool" >&2; exit 1; }
done
[ -n "$jar" ] || { echo "no api jar: run ./mvnw -pl api -am package -DskipTests" >&2; exit 1; }
docker image inspect "synergychat-api:$tag" >/dev/null 2>&1 || { echo "no image synergychat-api:$tag" >&2; exit 1; }

run_id=get_tail_$$
work=$(mktemp -d)
cgroups=/sys/fs/cgroup/cpu
jvm_flags=(-Xmx205m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  docker ps -aq --filter "label=$run_id" | xargs -r docker rm -f >/dev/null
  if [ -s "$work/nginx.pid" ]; then nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; fi
  for group in "$cgroups/${run_id}_"* "$cgroups/docker/${run_id}_"*; do [ -d "$group" ] && rmdir "$group" 2>/dev/null; done
  psql -q "$postgres/postgres" -c "DROP DATABASE IF EXISTS $run_id" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
psql -q "$postgres/postgres" -c "CREATE DATABASE $run_id"
environment=(API_RATE_LIMIT=1000000000 "DATABASE_URL=$postgres/$run_id" "REDIS_URL=$redis"
  "SYNERGYCHAT_API_REDIS_KEYPREFIX=$run_id:")

start_api() { # variant port management-port
  local variant=$1 port=$2 mport=$3
  local env=(API_PORT="$port" MANAGEMENT_PORT="$mport" "${environment[@]}")
  case $variant in
    api-host | api-host-cgroup)
      env "${env[@]}" "$java_home/bin/java" "${jvm_flags[@]}" -jar "$jar" > "$work/api-$port.log" 2>&1 &
      pids+=($!)
      if [ "$variant" = api-host-cgroup ]; then
        mkdir "$cgroups/${run_id}_$port"
        echo $! > "$cgroups/${run_id}_$port/cgroup.procs"
      fi ;;
    api-container-hostjdk)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        -v "$java_home:/jdk:ro" -v "$PWD/$jar:/api.jar:ro" --entrypoint /jdk/bin/java "synergychat-api:$tag" \
        "${jvm_flags[@]}" -jar /api.jar >/dev/null ;;
    api-container | api-container-peerload)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        "synergychat-api:$tag" >/dev/null ;;
    api-container-noaot)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        -e JAVA_TOOL_OPTIONS=-XX:AOTMode=off "synergychat-api:$tag" >/dev/null ;;
    api-container-tool)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        -e "JAVA_TOOL_OPTIONS=$TOOL_OPTIONS" "synergychat-api:$tag" >/dev/null ;;
    api-container-cp)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        --entrypoint java "synergychat-api:$tag" "${jvm_flags[@]}" -cp @/app/jib-classpath-file \
        dev.synergychat.api.ApiApplication >/dev/null ;;
    api-container-jar)
      docker run -d --label "$run_id" --network host --memory 512m $(printf -- '-e %s ' "${env[@]}") \
        -v "$PWD/$jar:/api.jar:ro" --entrypoint java "synergychat-api:$tag" "${jvm_flags[@]}" -jar /api.jar >/dev/null ;;
  esac
}
stop_apis() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  pids=()
  docker ps -aq --filter "label=$run_id" | xargs -r docker rm -f >/dev/null
  for group in "$cgroups/${run_id}_"*; do [ -d "$group" ] && rmdir "$group" 2>/dev/null || true; done
}
await_ready() { # port
  local deadline=$(($(date +%s) + 300))
  until curl -sf -o /dev/null "http://127.0.0.1:$1/health/ready"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "api on port $1 did not become ready" >&2; exit 1; }
    sleep 0.2
  done
}

# wrk, as a process of the host or, for the *-peerload variants, in a CPU cgroup beside the containers' own (under
# Docker's parent group), so the scheduler weighs it as one more container rather than each of its threads against
# all of Docker's containers together.
wrk_run() {
  if [ -n "$load_group" ]; then
    sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$load_group" wrk "$@"
  else
    wrk "$@"
  fi
}
load_group=
measure() { # variant pass ports...
  local variant=$1 pass=$2; shift 2
  load_group=
  case $variant in
    *-peerload)
      load_group="$cgroups/docker/${run_id}_load"
      mkdir -p "$load_group" ;;
  esac
  BENCH_PORTS="$*" wrk_run -t2 -c32 -d"${warm}s" -s bench/wrk.lua "http://127.0.0.1:$1/messages" >/dev/null
  for round in $(seq 1 "$rounds"); do
    result=$(BENCH_PORTS="$*" wrk_run -t2 -c32 -d"${seconds}s" -s bench/wrk.lua "http://127.0.0.1:$1/messages" |
      grep '^result ' | cut -d' ' -f2-7)
    echo "$variant $pass $round $result" | tee -a "$work/results.txt"
  done
}

# The page: 100 messages posted once through the first variant's replica, then served by every variant from the same
# database (api) or as a file (nginx).
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"  # nginx's workers read the page as an unprivileged user
nginx_port=$(free_port)
nginx_container_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nginx_port; root $work/www; default_type application/json; } }
CONF
cat > "$work/nginx-container.conf" <<CONF
worker_processes auto;
error_log stderr;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nginx_container_port; root $work/www; default_type application/json; } }
CONF

variants=(api-host nginx-host api-container)
docker image inspect local/nginx:standin >/dev/null 2>&1 && variants+=(nginx-container)
variants+=(api-container-hostjdk)
[ -w "$cgroups/cgroup.procs" ] && variants+=(api-host-cgroup)
if [ -n "${VARIANTS:-}" ]; then read -r -a variants <<< "$VARIANTS"; fi
stored=no
for pass in $(seq 1 "$passes"); do
  for variant in "${variants[@]}"; do
    case $variant in
      nginx-host)
        nginx -c "$work/nginx.conf"
        measure "$variant" "$pass" "$nginx_port"
        nginx -c "$work/nginx.conf" -s stop
        sleep 0.5 ;;
      nginx-container | nginx-container-peerload)
        docker run -d --label "$run_id" --network host -v "$work:$work:ro" --entrypoint nginx local/nginx:standin \
          -c "$work/nginx-container.conf" -g 'daemon off; pid /tmp/nginx.pid;' >/dev/null
        for _ in $(seq 1 100); do
          curl -sf -o /dev/null "http://127.0.0.1:$nginx_container_port/messages" && break
          sleep 0.2
        done
        measure "$variant" "$pass" "$nginx_container_port"
        docker ps -aq --filter "label=$run_id" | xargs -r docker rm -f >/dev/null ;;
      *)
        ports=()
        for replica in 1 2; do
          port=$(free_port)
          start_api "$variant" "$port" "$(free_port)"
          ports+=("$port")
        done
        for port in "${ports[@]}"; do await_ready "$port"; done
        if [ "$stored" = no ]; then
          for n in $(seq 1 100); do
            curl -sf -o /dev/null -H 'Content-Type: application/json' \
              -d "{\"AuthorUsername\":\"bench\",\"Text\":\"message $n: a line of chat about as long as one usually is\"}" \
              "http://127.0.0.1:${ports[0]}/messages"
          done
          curl -sf "http://127.0.0.1:${ports[0]}/messages" > "$work/www/messages"
          chmod 644 "$work/www/messages"
          stored=yes
        fi
        measure "$variant" "$pass" "${ports[@]}"
        stop_apis ;;
    esac
  done
done

echo
echo "median over all rounds: variant p75 p99 (ms), requests/s"
for variant in "${variants[@]}"; do
  grep "^$variant " "$work/results.txt" | awk -v v="$variant" '
    { rate[NR] = $4; p75[NR] = $6; p99[NR] = $8 }
    function median(a, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END { if (NR) printf "%s %.2f %.2f %.0f\n", v, median(p75, NR), median(p99, NR), median(rate, NR) }'
done
