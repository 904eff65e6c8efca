# The mock's container image: compiled in a build stage, run from production dependencies only.
#
# Node 26 is the Active LTS line since October 2026. The package supports Node 22 (from 22.13), 24 and 26,
# and its test suite runs in CI on all three, so --build-arg NODE_VERSION=24 (or 22) also works.
ARG NODE_VERSION=26

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && rm dist/.tsbuildinfo

FROM node:${NODE_VERSION}-slim
# No init process (tini is not in slim images, and `docker run --init` is optional): the mock starts
# no child processes, so there are no zombies to reap, and it handles SIGTERM and SIGINT itself, so
# running as PID 1 (where Node's default signal actions do nothing) still stops within a second on
# `docker stop`, after the requests in flight are answered. The same holds on Kubernetes, which has
# no --init switch.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    MOCK_FIXTURES=/fixtures
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# The bundled fixtures, also at /fixtures so that `-v ./my-fixtures:/fixtures` replaces them.
COPY fixtures /fixtures
USER node
EXPOSE 8000
# Node itself, as slim images have no curl; PORT is the variable the server listens on.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives the stop signal itself. Arguments to `docker run` are flags.
ENTRYPOINT ["node", "dist/cli.js"]
