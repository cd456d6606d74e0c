#!/usr/bin/env bash
# Builds the image from the Dockerfile and starts compose.yaml (Redis + two bot replicas) on
# this machine's Docker engine, then checks what a council's hosting relies on: both replicas
# answer /readyz with Redis as storage, the image's HEALTHCHECK reports healthy, the bot runs as
# the `node` user under tini, a Teams request without a token is refused, Redis has the
# settings compose gives it and refuses a client without the password, and `compose stop`
# (SIGTERM through tini) ends every replica with exit code 0. Everything is removed after.
#
# Where Docker Hub cannot be reached, it builds stand-ins for the two base images first
# (scripts/container/stand-in-bases.sh). Uses `docker compose`, or `docker-compose` (v1).
#
#   scripts/container/check.sh            # or: npm run container:check
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

export NODE_IMAGE=${NODE_IMAGE:-node:20-bookworm-slim}
export REDIS_IMAGE=${REDIS_IMAGE:-redis:7.4-bookworm}
obtainable() { docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1; }
if ! obtainable "$NODE_IMAGE" || ! obtainable "$REDIS_IMAGE"; then
  echo "· $NODE_IMAGE or $REDIS_IMAGE cannot be pulled here: building stand-ins from Debian bookworm"
  read -r NODE_IMAGE REDIS_IMAGE < <(NODE_IMAGE=swis-local/node:20-bookworm-slim REDIS_IMAGE=swis-local/redis:bookworm "$ROOT/scripts/container/stand-in-bases.sh")
  export NODE_IMAGE REDIS_IMAGE
fi

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); elif command -v docker-compose >/dev/null; then COMPOSE=(docker-compose); else
  echo "container check: needs docker compose (v2 plugin) or docker-compose" >&2; exit 2
fi
PROJECT=swis-check-$$
WORK=$(mktemp -d)
export BOT_ENV_FILE="$WORK/.env" AUTHORITY_FILE="$WORK/authority.yaml" BOT_IMAGE="swis-bot:check-$$"
cp bot/config/sample.yaml "$AUTHORITY_FILE" && chmod 644 "$AUTHORITY_FILE"
# .env.example as a council fills it in: a Redis password and a Teams registration (made-up
# ids: nothing here talks to Microsoft; a request without a token must be refused before that).
sed -e "s/^REDIS_PASSWORD=.*/REDIS_PASSWORD=check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')/" \
  -e "s/^MicrosoftAppId=.*/MicrosoftAppId=00000000-0000-4000-8000-00000000c0de/" \
  -e "s/^MicrosoftAppPassword=.*/MicrosoftAppPassword=not-a-real-secret/" \
  -e "s/^MicrosoftAppTenantId=.*/MicrosoftAppTenantId=00000000-0000-4000-8000-0000000cec11/" \
  -e "s/^OPS_TOKEN=.*/OPS_TOKEN=ops-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')/" \
  .env.example >"$BOT_ENV_FILE"
set -a; . "$BOT_ENV_FILE"; set +a
compose() { "${COMPOSE[@]}" -p "$PROJECT" --env-file "$BOT_ENV_FILE" -f compose.yaml "$@"; }

dangling_before=$(docker images -q -f dangling=true | sort)
failed=0
pass() { echo "✓ $*"; }
fail() { echo "✗ $*"; failed=1; }
cleanup() {
  if [ "$failed" != 0 ]; then compose logs --tail 40 >&2 || true; fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  docker image rm -f "$BOT_IMAGE" >/dev/null 2>&1 || true
  # The build stages this run left behind (untagged), and only those.
  comm -13 <(echo "$dangling_before") <(docker images -q -f dangling=true | sort) | xargs -r docker image rm -f >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "· building the image ($NODE_IMAGE) and starting Redis ($REDIS_IMAGE) and two replicas with ${COMPOSE[*]}"
compose build --quiet bot >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "the image builds"; exit 1; }
pass "the image builds ($(docker image inspect -f '{{.Size}}' "$BOT_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
compose up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "compose up"; exit 1; }

bots=$(compose ps -q bot)
[ "$(echo "$bots" | wc -w)" = 2 ] && pass "two bot replicas run" || fail "two bot replicas run (found: $(echo "$bots" | wc -w))"

# From outside the container /readyz gives its details only to the operators' token.
ready() { curl -fsS --max-time 3 -H "authorization: Bearer $OPS_TOKEN" "http://127.0.0.1:$1/readyz" 2>/dev/null; }
# A Teams message as the Bot Connector would send it, but without the connector's token.
ACTIVITY='{"type":"message","id":"check-1","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/uk/","from":{"id":"29:check","aadObjectId":"00000000-0000-4000-8000-000000000001"},"recipient":{"id":"28:00000000-0000-4000-8000-00000000c0de"},"conversation":{"id":"a:check","conversationType":"personal","tenantId":"00000000-0000-4000-8000-0000000cec11"},"text":"hello"}'
for port in 3978 3979; do
  body=""
  for _ in $(seq 1 120); do body=$(ready "$port") && break; sleep 1; done
  if echo "$body" | grep -q '"storage":"redis"'; then pass "replica on 127.0.0.1:$port: /readyz 200 with Redis as storage"; else fail "replica on 127.0.0.1:$port: /readyz ($body)"; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'content-type: application/json' --data "$ACTIVITY" "http://127.0.0.1:$port/api/messages")
  [ "$code" = 401 ] && pass "replica on $port: a Teams message without the connector's token is refused (401)" || fail "replica on $port: a Teams message without a token answered $code"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port/metrics")
  [ "$code" = 403 ] || [ "$code" = 401 ] && pass "replica on $port: /metrics refused without the operators' token ($code)" || fail "replica on $port: /metrics without a token answered $code"
done

for c in $bots; do
  health=""
  for _ in $(seq 1 90); do health=$(docker inspect -f '{{.State.Health.Status}}' "$c"); [ "$health" = healthy ] && break; sleep 1; done
  [ "$health" = healthy ] && pass "${c:0:12}: HEALTHCHECK healthy" || fail "${c:0:12}: HEALTHCHECK $health"
  uid=$(docker exec "$c" id -u) && [ "$uid" = 1000 ] && pass "${c:0:12}: runs as node (uid 1000)" || fail "${c:0:12}: runs as uid $uid"
  pid1=$(docker exec "$c" cat /proc/1/comm)
  [ "$pid1" = tini ] && pass "${c:0:12}: PID 1 is tini" || fail "${c:0:12}: PID 1 is $pid1"
done

redis=$(compose ps -q redis)
conf=$(docker exec -e REDISCLI_AUTH="$REDIS_PASSWORD" "$redis" redis-cli CONFIG GET '*' | paste - - | grep -E '^(appendonly|appendfsync|maxmemory-policy)\s' | sort | tr '\t' '=' | tr '\n' ' ')
[ "$conf" = "appendfsync=everysec appendonly=yes maxmemory-policy=noeviction " ] && pass "Redis: $conf" || fail "Redis settings: $conf"
noauth=$(docker exec -e REDISCLI_AUTH= "$redis" redis-cli PING 2>&1 || true)
echo "$noauth" | grep -q NOAUTH && pass "Redis refuses a client without the password" || fail "Redis without password answered: $noauth"

compose stop -t 40 bot >/dev/null 2>&1
for c in $bots; do
  code=$(docker inspect -f '{{.State.ExitCode}}' "$c")
  stopped=$(docker logs "$c" 2>&1 | grep -c '"msg":"stopped"' || true)
  [ "$code" = 0 ] && [ "$stopped" -ge 1 ] && pass "${c:0:12}: SIGTERM through tini, stopped cleanly (exit 0)" || fail "${c:0:12}: stop gave exit $code (stopped lines: $stopped)"
done

[ "$failed" = 0 ] && echo "container check passed" || { echo "container check FAILED"; exit 1; }
