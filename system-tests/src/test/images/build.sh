#!/usr/bin/env bash
# Builds the local images the Docker topology tests run on, because this machine can pull nothing from a
# registry: a Temurin 25 JRE base image for Jib, and stand-ins for the official postgres, redis, nginx and
# prom/prometheus images plus a Gutendex-compatible book server. Everything comes from Debian's packages (debootstrap, then apt-get in
# a chroot) and from the machine's own JDK 25.
#
# An image is rebuilt only when the files that describe it change: each carries a label with the hash of this
# script and its own folder (and of the JDK for the JRE image), so repeated test runs reuse what is there and a
# fresh machine builds everything once (about a minute and a half on two cores; one debootstrap serves both root
# filesystems).
#
# Usage: build.sh   (needs root, debootstrap and a running Docker engine; JAVA_HOME pointing at a JDK 25)
#
# One build at a time on a machine: a second caller (.ci/run starts one ahead of the tests, and the tests call it
# again) waits for the first, then finds the images current and returns.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
exec 9>"${TMPDIR:-/tmp}/synergychat-base-images.lock"
flock 9
hash_label=dev.synergychat.build-hash
# Hash of the named files and folders under this one, with this script always included.
hash_of() {
  (cd "$here" && find build.sh "$@" -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}
jdk_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
jre_hash=$(printf '%s %s' "$(hash_of)" "$jdk_version" | sha256sum | cut -c1-16)
services_hash=$(hash_of)

current() { # image expected-hash: true when the image exists with that hash
  [ "$(docker image inspect -f "{{index .Config.Labels \"$hash_label\"}}" "$1" 2>/dev/null)" = "$2" ]
}

quietly() {
  local out
  if ! out=$("$@" 2>&1); then printf '%s\n' "$out" >&2; return 1; fi
}

work="" minbase=""
cleanup() { [ -z "$work" ] || rm -rf "$work"; [ -z "$minbase" ] || rm -rf "$minbase"; }
trap cleanup EXIT

rootfs() { # dir packages...: a minimal Debian 12 root filesystem with the given packages installed
  local dir=$1; shift
  # debootstrap once a run (about 25 s), then a copy for each image that needs a root filesystem (under a second).
  if [ -z "$minbase" ]; then
    local mirror
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    minbase=$(mktemp -d)
    quietly debootstrap --variant=minbase bookworm "$minbase/root" "$mirror"
  fi
  cp -a "$minbase/root" "$dir"
  if [ $# -gt 0 ]; then
    mount --bind /proc "$dir/proc"
    # policy-rc.d keeps package scripts from starting daemons inside the chroot.
    printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
    chmod +x "$dir/usr/sbin/policy-rc.d"
    local rc=0
    quietly chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" || rc=$?
    umount "$dir/proc"
    rm -f "$dir/usr/sbin/policy-rc.d"
    [ "$rc" -eq 0 ] || return "$rc"
  fi
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin
}

import() { # dir image hash [docker import --change ...]
  local dir=$1 image=$2 hash=$3; shift 3
  tar -C "$dir" -c . | quietly docker import --change "LABEL $hash_label=$hash" "$@" - "$image"
}

if ! current local/temurin-jre:25 "$jre_hash"; then
  echo "building local/temurin-jre:25"
  work=$(mktemp -d)
  rootfs "$work/root"
  # The runtime modules, as in the eclipse-temurin JRE images: everything but the development tools (jlink
  # cannot copy itself out of a JDK without jmods files anyway).
  modules=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' |
    grep -vxE 'jdk\.(jlink|jpackage|jdeps|javadoc|jshell|compiler|jartool|jdi|jcmd|jconsole|hotspot\.agent|editpad|incubator\..*)' |
    paste -sd, -)
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$work/root/opt/java/openjdk"
  import "$work/root" local/temurin-jre:25 "$jre_hash" \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8'
  rm -rf "$work"; work=""
fi

# The stand-ins share one root filesystem with all their packages, so the engine stores it once.
if ! current local/debian-services:12 "$services_hash"; then
  echo "building local/debian-services:12"
  work=$(mktemp -d)
  # gettext-base: envsubst, which the nginx stand-in renders /etc/nginx/templates with, as the official image does.
  # prometheus: the stand-in for prom/prometheus (the compose profile "observability"), promtool included.
  rootfs "$work/root" postgresql redis-server nginx curl gettext-base prometheus
  import "$work/root" local/debian-services:12 "$services_hash" --change 'ENV LANG=C.UTF-8'
  rm -rf "$work"; work=""
fi

# books is built on the nginx stand-in, so it changes with it.
for standin in postgres redis nginx books prometheus; do
  image=local/$standin:standin
  case $standin in
    books) hash=$(hash_of nginx books) ;;
    *) hash=$(hash_of "$standin") ;;
  esac
  if ! current "$image" "$hash"; then
    echo "building $image"
    quietly docker build --label "$hash_label=$hash" -t "$image" "$here/$standin"
  fi
done

# Images replaced by a rebuild lose their tag; remove them rather than let them pile up.
quietly docker image prune -f --filter "label=$hash_label"
