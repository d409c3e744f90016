# One image for the monorepo: every app is built, each compose service or k8s Deployment runs one.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --outputStyle=static

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.base.json ./
COPY tools/run-ts.js tools/kafka-topics.ts tools/dev-outbox.ts ./tools/
COPY libs ./libs
COPY catalogue ./catalogue
COPY demo ./demo
# The case-service's document store (a volume is mounted here), writable by the app's user.
RUN mkdir -p /var/lib/case-service/documents && chown node:node /var/lib/case-service/documents
USER node
CMD ["node", "dist/apps/intake-gateway/main.js"]
