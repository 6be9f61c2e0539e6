#!/usr/bin/env sh
# Topology 1: the three containers with plain `docker run`, each published on the host.
#   compose/docker-run.sh up      # web http://localhost:8080, api http://localhost:8081, crawler :8082
#   compose/docker-run.sh down    # removes the three containers
# The browser reaches web and api on localhost; api reaches crawler back through the host, because containers
# on Docker's default network cannot find each other by name. See docs/topology-1-docker-run.md.
#
# Optional settings: WEB_HOST_PORT, API_HOST_PORT, CRAWLER_HOST_PORT (8080, 8081, 8082); CRAWLER_PUBLISH_ADDRESS
# (0.0.0.0); SYNERGYCHAT_IMAGE_PREFIX and SYNERGYCHAT_TAG pick the images; CRAWLER_BOOKS_URL and CRAWLER_DELAY
# are handed to crawler when set.
set -eu

web_port=${WEB_HOST_PORT:-8080}
api_port=${API_HOST_PORT:-8081}
crawler_port=${CRAWLER_HOST_PORT:-8082}
image() { echo "${SYNERGYCHAT_IMAGE_PREFIX:-}synergychat-$1:${SYNERGYCHAT_TAG:-1.0.0-SNAPSHOT}"; }

case "${1:-}" in
up)
  # crawler listens on every host address, not just loopback: api's calls arrive on the Docker bridge's
  # gateway address, not on 127.0.0.1. This exposure is what topology 2 removes.
  docker run -d --name synergychat-crawler \
    -p "${CRAWLER_PUBLISH_ADDRESS:-0.0.0.0}:$crawler_port:8080" \
    --read-only --tmpfs /tmp \
    -e CRAWLER_BOOKS_URL -e CRAWLER_DELAY \
    "$(image crawler)"

  # host.docker.internal is built into Docker Desktop; on Linux the --add-host line creates it.
  docker run -d --name synergychat-api \
    -p "127.0.0.1:$api_port:8080" \
    --add-host=host.docker.internal:host-gateway \
    --read-only --tmpfs /tmp \
    -e CRAWLER_BASE_URL="http://host.docker.internal:$crawler_port" \
    -e API_CORS_ALLOWED_ORIGINS="http://localhost:$web_port" \
    -e API_TRUSTED_PROXIES=127.0.0.1/32 \
    "$(image api)"

  # API_URL is read by the browser, so it names the api as the browser sees it: localhost and the published port.
  docker run -d --name synergychat-web \
    -p "127.0.0.1:$web_port:8080" \
    --read-only --tmpfs /tmp \
    -e API_URL="http://localhost:$api_port" \
    "$(image web)"
  ;;
down)
  docker rm -f synergychat-web synergychat-api synergychat-crawler
  ;;
*)
  echo "usage: $0 up|down" >&2
  exit 2
  ;;
esac
