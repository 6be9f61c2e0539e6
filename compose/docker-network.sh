#!/usr/bin/env sh
# Topology 2 as plain commands: the three containers on one user-defined network, where Docker's DNS resolves
# names, so api reaches crawler at http://crawler:8080 and crawler needs no published port.
#   compose/docker-network.sh up      # web http://localhost:8080, api http://localhost:8081
#   compose/docker-network.sh down    # removes the containers and the network
# compose/compose.yaml is the same topology with PostgreSQL and Redis added. See docs/topology-2-docker-network.md.
#
# Optional settings: WEB_HOST_PORT, API_HOST_PORT (8080, 8081); SYNERGYCHAT_IMAGE_PREFIX and SYNERGYCHAT_TAG pick
# the images; CRAWLER_BOOKS_URL and CRAWLER_DELAY are handed to crawler when set.
set -eu

web_port=${WEB_HOST_PORT:-8080}
api_port=${API_HOST_PORT:-8081}
image() { echo "${SYNERGYCHAT_IMAGE_PREFIX:-}synergychat-$1:${SYNERGYCHAT_TAG:-1.0.0-SNAPSHOT}"; }

case "${1:-}" in
up)
  # Reuse the network if it is already there (it holds no state of its own).
  docker network inspect synergychat >/dev/null 2>&1 || docker network create synergychat

  # --network-alias gives crawler the short name the others use for it; nothing is published.
  docker run -d --name synergychat-crawler --network synergychat --network-alias crawler \
    --read-only --tmpfs /tmp \
    -e CRAWLER_BOOKS_URL -e CRAWLER_DELAY \
    "$(image crawler)"

  docker run -d --name synergychat-api --network synergychat --network-alias api \
    -p "127.0.0.1:$api_port:8080" \
    --read-only --tmpfs /tmp \
    -e CRAWLER_BASE_URL=http://crawler:8080 \
    -e API_CORS_ALLOWED_ORIGINS="http://localhost:$web_port" \
    -e API_TRUSTED_PROXIES=127.0.0.1/32 \
    "$(image api)"

  # Still the published address: the browser, not web, calls api, and the browser is outside the network.
  docker run -d --name synergychat-web --network synergychat --network-alias web \
    -p "127.0.0.1:$web_port:8080" \
    --read-only --tmpfs /tmp \
    -e API_URL="http://localhost:$api_port" \
    "$(image web)"
  ;;
down)
  docker rm -f synergychat-web synergychat-api synergychat-crawler
  docker network rm synergychat
  ;;
*)
  echo "usage: $0 up|down" >&2
  exit 2
  ;;
esac
