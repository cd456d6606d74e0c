#!/usr/bin/env bash
# Stand-ins for the two public base images (node:20-bookworm-slim, redis:7.4-bookworm) on a
# machine whose Docker engine cannot reach Docker Hub but can reach Debian's mirror: a minimal
# Debian bookworm made with debootstrap, plus this machine's own Node 20 (with npm) in
# /usr/local and a `node` user (uid 1000), as the official Node image has; and the same Debian
# with Debian's redis-server for Redis. Only for proving the Dockerfile and compose.yaml here
# (scripts/container/check.sh); a council's build pulls the official images.
#
#   sudo scripts/container/stand-in-bases.sh           # prints the two image names it made
#   NODE_IMAGE=swis-local/node:20-bookworm-slim REDIS_IMAGE=swis-local/redis:bookworm scripts/container/check.sh
set -euo pipefail

NODE_IMAGE=${NODE_IMAGE:-swis-local/node:20-bookworm-slim}
REDIS_IMAGE=${REDIS_IMAGE:-swis-local/redis:bookworm}
WORK=${STAND_IN_DIR:-/var/tmp/swis-stand-in}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

have() { docker image inspect "$1" >/dev/null 2>&1; }
if have "$NODE_IMAGE" && have "$REDIS_IMAGE"; then echo "$NODE_IMAGE $REDIS_IMAGE"; exit 0; fi

command -v debootstrap >/dev/null || { echo "stand-in-bases: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
node_bin=$(command -v node)
case "$(node -v)" in v20.*) ;; *) echo "stand-in-bases: needs Node 20 on this machine (found $(node -v))" >&2; exit 2 ;; esac
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)

mkdir -p "$WORK"
base="$WORK/bookworm"
if [ ! -x "$base/bin/sh" ]; then
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
fi

# Node: the base plus Node 20 and npm in /usr/local, user node (1000:1000), as node:20-bookworm-slim.
if ! have "$NODE_IMAGE"; then
  root="$WORK/node"
  rm -rf "$root" && cp -a "$base" "$root"
  install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules" && cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  chroot "$root" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
  chroot "$root" /usr/local/bin/node -e 'process.exit(process.version.startsWith("v20.") ? 0 : 1)'
  # This machine's certificate authorities (a proxy that inspects TLS adds its own), so npm in
  # the build can reach the registry as it does from here.
  mkdir -p "$root/etc/ssl/certs" && cp "${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$root/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*
  tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'CMD ["node"]' - "$NODE_IMAGE" >/dev/null
  rm -rf "$root"
fi

# Redis: the base plus Debian's redis-server (and redis-cli for the health check), run from /data.
if ! have "$REDIS_IMAGE"; then
  root="$WORK/redis"
  rm -rf "$root" && cp -a "$base" "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  chroot "$root" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*' >"$WORK/redis-apt.log" 2>&1 || { tail -20 "$WORK/redis-apt.log" >&2; exit 1; }
  mkdir -p "$root/data" && chroot "$root" chown redis:redis /data
  tar -C "$root" -c . | docker import --change 'WORKDIR /data' --change 'USER redis' --change 'CMD ["redis-server"]' - "$REDIS_IMAGE" >/dev/null
  rm -rf "$root"
fi
echo "$NODE_IMAGE $REDIS_IMAGE"
