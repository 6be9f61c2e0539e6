#!/usr/bin/env sh
# Makes the self-signed certificate topology 3 serves, valid for https://localhost and https://127.0.0.1.
# Writes nginx/certs/tls.crt and nginx/certs/tls.key next to this script; nginx/certs/ is git-ignored, so the
# key never leaves the machine that made it. Keeps an existing pair; pass --force to make a new one.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)/certs"
if [ -f "$dir/tls.crt" ] && [ -f "$dir/tls.key" ] && [ "${1:-}" != "--force" ]; then
  echo "keeping $dir/tls.crt (pass --force to replace it)"
  exit 0
fi
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 825 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
# nginx's master process reads it as root before dropping privileges; nobody else needs to.
chmod 600 "$dir/tls.key"
echo "wrote $dir/tls.crt and $dir/tls.key"
