#!/usr/bin/env bash
# Makes a Docker engine with Compose v2 available for the topology tests, on a Debian 12 machine with no
# container registry: Debian's docker.io for the engine, compose v2 taken from Debian's next release because
# bookworm packages only compose v1. Idempotent: every step is skipped when its result is already there.
# Quiet unless something fails; the daemon log goes to /var/log/dockerd-ci.log.
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

if ! docker info >/dev/null 2>&1; then
  nohup dockerd >/var/log/dockerd-ci.log 2>&1 &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd-ci.log" >&2; exit 1; }
fi
