#!/usr/bin/env bash
# How fast testcpu and testram start in their images: the time from starting the JVM to the program's first log
# line, inside the container under --cpus 1, next to the time a bare JVM of the same base image takes to print
# `java -version`, measured in the same run and reported as a ratio to it, so the figure means the same on a fast
# and a slow (or busy) machine. Each figure is the median of RUNS runs.
#
#   course-tools/bench/start.sh [tag]          # tag of the images to measure, default 1.0.0-SNAPSHOT
#
# Build the images first (./mvnw package jib:dockerBuild -DskipTests). Besides the images as built, it measures
# testcpu without the images' JVM flags, with the JIT's higher tiers, and with the JDK's default CDS archive, so the
# choice of flags can be checked; see docs/course.md, "How fast the exercise programs start".
set -euo pipefail

tag=${1:-1.0.0-SNAPSHOT}
runs=${RUNS:-7}
cpus=${CPUS:-1}
testcpu=synergychat-testcpu:$tag
testram=synergychat-testram:$tag

# Runs inside the container: starts the command, prints the milliseconds until its first line of output and that
# line, then stops it (testcpu runs until stopped; kill 0 ends the container with 143). With CDS set, it first
# dumps the JDK's default class data sharing archive there, the one eclipse-temurin ships and a base image cut
# with jlink may lack, and starts the command with it; "-" when the dump fails.
harness='
if [ -n "${CDS:-}" ]; then
  java -Xshare:dump -XX:SharedArchiveFile="$CDS" >/dev/null 2>&1 && [ -s "$CDS" ] || { echo "-"; exit 0; }
  java=$1; shift
  set -- "$java" -XX:SharedArchiveFile="$CDS" -Xshare:on "$@"
fi
start=$(date +%s%N)
"$@" 2>&1 | { IFS= read -r line; end=$(date +%s%N); echo "$(( (end - start) / 1000000 )) $line"; kill 0; }
'

# The image's entrypoint (java, its flags, classpath and main class) as separate words.
entrypoint() {
  docker image inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$1"
}

# Milliseconds to the first line of output, once: run_once image [docker options --] command...
run_once() {
  local image=$1; shift
  local options=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  # The container ends with the harness's kill 0 (exit 143): only its first line counts.
  { docker run --rm --cpus "$cpus" --read-only --tmpfs /tmp "${options[@]}" --entrypoint sh "$image" \
    -c "$harness" sh "$@" 2>/dev/null || true; } | head -n 1 | cut -d' ' -f1
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

mapfile -t cpu_cmd < <(entrypoint "$testcpu")
mapfile -t ram_cmd < <(entrypoint "$testram")
# The JVM flags the image adds (between java and -cp), to start a bare JVM the same way.
mapfile -t flags < <(printf '%s\n' "${cpu_cmd[@]}" | sed -n '2,/^-cp$/p' | sed '$d')
cpu_plain=(java -cp "@/app/jib-classpath-file" "${cpu_cmd[-1]}")
mapfile -t cpu_full_jit < <(printf '%s\n' "${cpu_cmd[@]}" | grep -v -e '^-XX:TieredStopAtLevel=1$')

# reference: a bare JVM of the base image with the images' flags, printing its version and exiting; the ratio of a
# program to it is what the program adds to the start of its JVM.
names=(reference java-version-no-flags testcpu testram testcpu-no-flags testcpu-full-jit testcpu-with-cds)
declare -A samples
for name in "${names[@]}"; do samples[$name]=""; done

for ((i = 1; i <= runs; i++)); do
  samples[reference]+="$(run_once "$testcpu" -- java "${flags[@]}" -version) "
  samples[java-version-no-flags]+="$(run_once "$testcpu" -- java -version) "
  samples[testcpu]+="$(run_once "$testcpu" -- "${cpu_cmd[@]}") "
  samples[testram]+="$(run_once "$testram" -e MEGABYTES=64 -- "${ram_cmd[@]}") "
  samples[testcpu-no-flags]+="$(run_once "$testcpu" -- "${cpu_plain[@]}") "
  samples[testcpu-full-jit]+="$(run_once "$testcpu" -- "${cpu_full_jit[@]}") "
  samples[testcpu-with-cds]+="$(run_once "$testcpu" -e CDS=/tmp/jdk.jsa -- "${cpu_cmd[@]}") "
done

# Each run of a program is divided by the reference of its own round, so a machine that gets busier or quieter
# during the measurement moves both alike; the ratio reported is the median of those.
read -ra reference <<<"${samples[reference]}"
printf 'start to first line, median of %d runs, --cpus %s, %s\n' "$runs" "$cpus" "$(date -u +%FT%TZ)"
for name in "${names[@]}"; do
  read -ra values <<<"${samples[$name]}"
  if [ "${#values[@]}" -ne "${#reference[@]}" ] || printf '%s\n' "${values[@]}" | grep -qv '^[0-9][0-9]*$'; then
    printf '%-22s  failed (runs: %s)\n' "$name" "${samples[$name]% }"
    continue
  fi
  value=$(printf '%s\n' "${values[@]}" | median)
  ratio=$(for ((i = 0; i < ${#values[@]}; i++)); do
    awk -v a="${values[i]}" -v b="${reference[i]}" 'BEGIN { printf "%.3f\n", a / b }'
  done | median)
  printf '%-22s %5d ms  %4.2fx reference   (runs: %s)\n' "$name" "$value" "$ratio" "${samples[$name]% }"
done
