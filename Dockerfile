# SWIS bot image: built JavaScript on Node 20, production dependencies only, non-root, tini as
# PID 1 so SIGTERM reaches node (graceful stop) and zombies are reaped.
#
#   docker build -t swis-bot .
#   docker run --rm -p 3978:3978 swis-bot                      # the embedded default
#   docker compose up -d                                        # Redis + two replicas (compose.yaml)

# The official Node 20 image; scripts/container/check.sh passes a local stand-in where Docker
# Hub cannot be reached.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Compile TypeScript to dist/ (needs the dev dependencies).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bot ./bot
COPY adapters ./adapters
COPY cards ./cards
COPY storage ./storage
RUN npm run build

# 2. Production dependencies only (no TypeScript, Jest, ESLint or tsx in the image).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image that runs.
FROM ${NODE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
# HOST: inside a container the bot must listen on the container's interface for the published
# port to reach it (outside one the default stays loopback). Every route still authenticates:
# Teams tokens, Slack signatures, OPS_TOKEN for metrics; emulator mode refuses a non-loopback HOST.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3978
# Liveness only: /readyz (storage reachable, not stopping) is for the load balancer.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--no-deprecation", "dist/bot/main.js"]
