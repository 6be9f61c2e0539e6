#!/usr/bin/env bash
# Makes a Docker engine with Compose v2 available for the topology tests, on a Debian 12 machine with no
# container registry: Debian's docker.io for the engine, compose v2 taken from Debian's next release because
# bookworm packages only compose v1. Idempotent: every step is skipped when its result is already there.
# Quiet unless something fails; the daemon log goes to /var/log/dockerd-ci.log and its end is printed if the daemon
# does not start.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1

# Runs a command with its output kept back, and shows that output only if the command fails.
quietly() {
  local out
  if ! out=$("$@" 2>&1); then printf '%s\n' "$out" >&2; return 1; fi
}

apt_updated=false
apt_install() {
  # Other installers may hold the dpkg lock for a while (CI installs Chromium first); wait for it.
  if [ "$apt_updated" = false ]; then quietly apt-get -o DPkg::Lock::Timeout=600 update; apt_updated=true; fi
  quietly apt-get -o DPkg::Lock::Timeout=600 install -y "$@"
}

command -v dockerd >/dev/null || apt_install docker.io
# The tests build their own Debian root filesystems for the base images and stand-ins.
command -v debootstrap >/dev/null || apt_install debootstrap
command -v openssl >/dev/null || apt_install openssl

plugin_dir="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
if ! docker compose version >/dev/null 2>&1; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # Same mirror as the machine's own sources, so no new host is contacted; the machine's apt state is untouched.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$work/trixie.list"
  mkdir -p "$work/lists/partial"
  # The private directories are root's, so apt's unprivileged download user could not write there.
  apt_opts=(-o "Dir::Etc::SourceList=$work/trixie.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  quietly apt-get "${apt_opts[@]}" update
  (cd "$work" && quietly apt-get "${apt_opts[@]}" download docker-compose)
  dpkg -x "$work"/docker-compose_*.deb "$work/root"
  mkdir -p "$plugin_dir"
  install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/docker-compose"
fi

# A daemon that was stopped without its own shutdown (a machine paused or restored mid-run) leaves its pid files behind,
# and dockerd refuses to start while one names a live process; after a restore that number may belong to anything.
# A pid file is kept only while it names a running dockerd or containerd.
clear_stale_pid_files() {
  local f pid
  for f in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    [ -f "$f" ] || continue
    pid=$(tr -dc '0-9' < "$f")
    if [ -z "$pid" ] || ! grep -qxE 'dockerd|containerd' "/proc/$pid/comm" 2>/dev/null; then rm -f "$f"; fi
  done
}

log=/var/log/dockerd-ci.log
# Starts dockerd and waits up to two minutes for it to answer; fails early when the daemon exits.
start_dockerd() {
  clear_stale_pid_files
  nohup dockerd >>"$log" 2>&1 &
  local daemon=$!
  for _ in $(seq 120); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$daemon" 2>/dev/null || break
    sleep 1
  done
  docker info >/dev/null 2>&1
}

if ! docker info >/dev/null 2>&1; then
  # A daemon already running but not answering yet (started by someone else a moment ago) gets its chance first.
  if pgrep -x dockerd >/dev/null; then
    for _ in $(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  if ! docker info >/dev/null 2>&1; then
    : >"$log"
    if ! start_dockerd; then
      echo "dockerd did not answer; its log:" >&2
      tail -n 20 "$log" >&2
      # One more try from a clean state: whatever daemon is left is stopped and its pid files go.
      pkill -x dockerd 2>/dev/null || true
      for _ in $(seq 15); do pgrep -x dockerd >/dev/null || break; sleep 1; done
      pkill -9 -x dockerd 2>/dev/null || true
      pkill -9 -f 'containerd --config /var/run/docker/containerd' 2>/dev/null || true
      rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
      echo "starting dockerd again" >&2
      start_dockerd || { echo "dockerd did not start; its log:" >&2; tail -n 40 "$log" >&2; exit 1; }
    fi
  fi
fi
