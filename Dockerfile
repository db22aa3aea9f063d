# Nova in production: compiled once in a build stage, run as plain `node` in a slim runtime stage.
# docs/operations.md explains the variables, the volume for photos and how the container stops.

# --- build: install everything, generate the Prisma client, compile to dist/, keep production packages only
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin/prisma-generate.mjs bin/prisma-generate.mjs
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run generate && npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the compiled code, its production packages, and tini as PID 1 (it passes SIGTERM to Nova,
# which finishes the turns in flight, closes its connections and exits 0)
FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
# V8's old generation capped (as `npm start` does): a burst's garbage is collected, not kept in RSS.
# A larger NODE_OPTIONS=--max-old-space-size=N given to the container replaces it.
ENV NODE_OPTIONS="--max-old-space-size=384"
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Photos (STORAGE_DIR) and .nova/ belong to the unprivileged user; mount a volume on /app/.storage.
RUN mkdir -p .storage .nova && chown node:node .storage .nova
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/bin/nova.js", "start"]
