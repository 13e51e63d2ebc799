# Steadfast worker image: the orchestrator worker, agent pools and the embedded dev server all run from it.
#   docker build -t steadfast .
#   docker run --rm steadfast worker orchestrator --help
ARG NODE_VERSION=20

# Build stage: install exactly the lockfile's dependencies; `npm ci` runs `prepare`, which compiles dist/.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Toolchain for native modules (better-sqlite3) when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
COPY test/support ./test/support
COPY test/fixtures ./test/fixtures
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: compiled code, production dependencies, deploy scripts; runs as the unprivileged `node` user.
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY deploy ./deploy
# The example agents module the compose files serve until you mount your own (docs/deployment.md).
COPY examples ./examples
# The embedded server keeps its SQLite file here (a volume in docker-compose.embedded.yml).
RUN mkdir -p /data && chown node:node /data
USER node
# 7233: embedded server (steadfast server); 9464: Prometheus metrics of a worker (STEADFAST_METRICS_PORT).
EXPOSE 7233 9464
ENTRYPOINT ["node", "bin/steadfast.js"]
CMD ["worker", "orchestrator", "--module", "examples/agents.js"]
