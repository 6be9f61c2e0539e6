#!/usr/bin/env sh
# Makes the self-signed certificate topology 3 serves, valid for https://localhost and https://127.0.0.1:
# tls.crt and tls.key in the directory given (default: nginx/certs next to this script, which git ignores, so the
# key never leaves the machine that made it). Keeps an existing pair; pass --force to make a new one.
#
# compose/compose.nginx-tls.yaml runs it by itself, in its tls-cert service on the nginx image (which has openssl),
# to fill the tls-certs volume the first time: nobody has to run it by hand. Run it yourself only to keep the pair
# in a directory of your own (then TLS_CERTS=<that directory> in compose/.env).
#   make-cert.sh [--force] [DIRECTORY]
set -eu
force=false
if [ "${1:-}" = "--force" ]; then
  force=true
  shift
fi
dir="${1:-$(cd "$(dirname "$0")" && pwd)/certs}"
if [ -f "$dir/tls.crt" ] && [ -f "$dir/tls.key" ] && [ "$force" = false ]; then
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
