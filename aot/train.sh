#!/usr/bin/env bash
# Trains the JVM's ahead-of-time cache for one service image, so the image starts from it (-XX:AOTCache; see
# docs/startup.md). Called by the build in the package phase of each service module, before Jib assembles the
# image, which adds the cache as target/aot/cache/app.aot at /app/aot/app.aot.
#
# A cache is only used by the JVM that wrote it and with the class path it was written with: the same files at the
# same paths, of the same sizes and modification times. So the training runs in a container of the image's own base
# image (its JVM), on a copy of the class path laid out as Jib lays it out: the application's jar in
# /app/classpath, the dependencies in /app/libs in the build's order, every file dated 1970-01-01T00:00:01Z (Jib's
# reproducible time). It starts the service on one CPU, as a pod of ours has (so the JVM picks the same garbage
# collector), waits for /health/ready, makes the requests a probe and a first visitor make, and stops it; the JVM
# writes the cache as it exits, in a second JVM beside the first, which is why the container gets 1 GiB rather
# than a pod's 512 MiB.
#
# Only when the same Maven command builds an image (a jib: goal): a test run has no use for it. Without a Docker
# engine, or when the base image cannot be run, the image is built without a cache and says so here; it starts as
# before, only slower. -Daot.skip skips it. The cache folder is left empty then, never stale, and exists either way:
# Jib stops on a missing one.
#
# AOT_TRAIN_ENV (in the build's environment, e.g. 'DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch
# REDIS_URL=redis://127.0.0.1:6379'): space-separated variables for the training run, so that the classes a service
# loads on its way to ready in production (JDBC driver, pool, Flyway, Redis client) are in the cache too; api started
# on PostgreSQL and Redis spends a large part of its start loading them from the jars otherwise (docs/startup.md).
# The training then runs on the host's network, so those addresses are the build machine's. It migrates that database
# and reads from it, so name a scratch one. The values stay in the build's environment: nothing is written to the
# image but the cache.
#
# AOT_TRAIN_ROUNDS (default 1000): how many rounds of the requests a busy pod serves follow the first request of each
# path; 0 leaves only those first requests, the training as it was before 2026-12-03, to compare against.
#
# Usage: train.sh <skip: true|false> <base image> <module target dir> <jar name> <java home> <runtime class path>
set -euo pipefail

skip=$1 base=${2#docker://}
target=$3 jar=$4 java_home=$5 classpath=$6
out=$target/aot
name="synergychat-aot-train-$(basename "$(dirname "$target")")-$$"

rm -rf "$out"
mkdir -p "$out/cache"
[ "$skip" = false ] || exit 0
case " ${MAVEN_CMD_LINE_ARGS:-} " in
  *" jib:"*) ;;
  *) exit 0 ;;
esac

warn() { echo "[WARNING] AOT cache: $*; the image is built without one and starts slower" >&2; }

if ! docker version >/dev/null 2>&1; then
  warn "no Docker engine to train it in"
  exit 0
fi

# The main class, from the manifest Spring Boot's repackaging wrote, as Jib finds it.
mkdir -p "$out/manifest"
(cd "$out/manifest" && "$java_home/bin/jar" xf "$target/$jar" META-INF/MANIFEST.MF)
main=$(sed -n 's/^Start-Class: *//p' "$out/manifest/META-INF/MANIFEST.MF" | tr -d '\r')
rm -rf "$out/manifest"

# The class path as Jib writes it to /app/jib-classpath-file: the project's jar, then each dependency by file name.
app=$out/app
mkdir -p "$app/classpath" "$app/libs"
cp "$target/$jar.original" "$app/classpath/${jar%.jar}.original.jar"
entries="/app/classpath/${jar%.jar}.original.jar"
IFS=: read -r -a elements <<< "$classpath"
for element in "${elements[@]}"; do
  case $element in
    *.jar)
      cp "$element" "$app/libs/"
      entries+=":/app/libs/$(basename "$element")" ;;
  esac
done
printf '%s' "$entries" > "$app/jib-classpath-file"
find "$app" -exec touch -h -d 1970-01-01T00:00:01Z {} +

cleanup() { docker rm -f "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# crawler would read the public catalogue by default; its bundled library keeps the training on this machine.
run_args=(-p 127.0.0.1::8080)
read -r -a train_env <<< "${AOT_TRAIN_ENV:-}"
if [ ${#train_env[@]} -gt 0 ]; then
  # On the host's network (to reach the machine's database), on free ports of the host: each service reads its own
  # port variable, and the management port would otherwise be 9090 for all.
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  host_port=$(free_port)
  run_args=(--network host -e "WEB_PORT=$host_port" -e "API_PORT=$host_port" -e "CRAWLER_PORT=$host_port"
    -e "MANAGEMENT_PORT=$(free_port)")
  for kv in "${train_env[@]}"; do run_args+=(-e "$kv"); done
fi
if ! docker run -d --name "$name" --cpus 1 --memory 1g --read-only --tmpfs /tmp --user "$(id -u):$(id -g)" \
    -v "$app:/app:ro" -v "$out/cache:/aot" "${run_args[@]}" \
    -e CRAWLER_BOOKS_URL=sample -e SHUTDOWN_DRAIN=0s -e API_RATE_LIMIT=1000000000 --entrypoint java "$base" \
    -XX:AOTCacheOutput=/aot/app.aot -Djava.io.tmpdir=/tmp -cp @/app/jib-classpath-file "$main" >/dev/null; then
  warn "cannot run the base image $base"
  exit 0
fi

port=""
for _ in $(seq 600); do
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || break
  [ -n "$port" ] || port=${host_port:+127.0.0.1:$host_port}
  [ -n "$port" ] || port=$(docker port "$name" 8080 2>/dev/null | head -n 1)
  if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$port/health/ready")" = 200 ]; then
    # What a probe, a first visitor and a bad request run, then what a busy pod serves, round after round on one
    # kept-alive connection: the JVM replays the method profiles of this run (which methods got hot, which types
    # they saw) when it starts from the cache, so a run that stopped after one request of each would leave the
    # request path profiled as a start sees it. Each service answers the paths it does not serve with a 404 or 405.
    for path in /health/live /healthz / /messages /stats /no-such-path; do
      curl -s -o /dev/null --max-time 5 "http://$port$path" || true
    done
    requests=$out/requests.curl
    for _ in $(seq "${AOT_TRAIN_ROUNDS:-1000}"); do
      printf 'write-out = "%%{http_code}\\n"\n'
      for path in / /messages '/stats?keywords=love,war' /health/ready; do printf 'url = "http://%s%s"\noutput = /dev/null\n' "$port" "$path"; done
      printf 'next\nwrite-out = "%%{http_code}\\n"\nurl = "http://%s/messages"\noutput = /dev/null\n' "$port"
      printf 'header = "Content-Type: application/json"\n'
      printf 'data = "{\\"AuthorUsername\\":\\"aot\\",\\"Text\\":\\"a line of training\\"}"\nnext\n'
    done > "$requests"
    printf 'write-out = "%%{http_code}\\n"\nurl = "http://%s/health/live"\noutput = /dev/null\n' "$port" >> "$requests"
    # One status per request, 000 for one that got no answer.
    statuses=$(curl -s --max-time 300 -K "$requests" | sort | uniq -c | sort -k2 || true)
    sent=$(grep -c '^url = ' "$requests")
    answered=$(awk '$2 != "000" { n += $1 } END { print n + 0 }' <<< "$statuses")
    trained_on="$answered of $sent requests answered ($(awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }' <<< "$statuses"))"
    rm -f "$requests"
    break
  fi
  sleep 0.2
done
# SIGTERM: the service shuts down and the JVM writes the cache on its way out.
docker stop -t 300 "$name" >/dev/null
if [ ! -s "$out/cache/app.aot" ]; then
  docker logs "$name" 2>&1 | tail -n 20 >&2
  rm -f "$out/cache/"*
  warn "the training run wrote none"
  exit 0
fi
rm -f "$out/cache/app.aot.config"
echo "AOT cache of $(basename "$(dirname "$target")"): $(du -m "$out/cache/app.aot" | cut -f1) MB trained in $base${train_env:+ with ${train_env[*]%%=*}}, ${trained_on:-no requests answered}"
