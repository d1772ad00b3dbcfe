# Image for the api and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npx nest build worker && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# DATA_DIR: the local token secret, the embedded default's SQLite files and received register
# files. The image runs as `node`, so the folder is created here and given to it: a volume mounted
# on it starts with this owner (Docker copies the image folder's ownership into a new volume).
ENV DATA_DIR=/app/data
RUN mkdir -p /app/data && chown node:node /app/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts/healthcheck.js ./scripts/healthcheck.js
USER node
VOLUME ["/app/data"]
# The api's liveness; docker-compose.yml gives the worker its own (`healthcheck.js worker`).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.js", "api"]
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
