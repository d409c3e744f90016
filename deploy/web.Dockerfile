# The web apps (APP=console or APP=portal): Vite's static build, served by nginx as an unprivileged
# user, with the services behind /svc/<service> as tools/web/vite-app.mts does in development.
#   docker build -f deploy/web.Dockerfile --build-arg APP=console -t omnichannel-city/console:0.1.0 .
# /config.json (what the app reads at start: its identity provider, the city's country, the map) is
# the city's own file, mounted at /etc/city/config.json (deploy/web/<app>.config.json for the demo).

FROM node:24.21.0-bookworm-slim AS build
ARG APP
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN test -n "$APP" && NX_DAEMON=false npx nx build "$APP" --outputStyle=static

FROM nginxinc/nginx-unprivileged:1.28.0-alpine
ARG APP
# Where each /svc/<service>/ goes (the variables the services use for each other, as in development).
ENV INTAKE_GATEWAY_URL=http://intake-gateway:3000 \
    CASE_SERVICE_URL=http://case-service:3001 \
    WORKFLOW_SERVICE_URL=http://workflow-service:3002 \
    NOTIFICATION_SERVICE_URL=http://notification-service:3003 \
    OPS_MONITOR_URL=http://ops-monitor:3004 \
    CITY=
# The image's entrypoint fills the template's ${…} from the environment into conf.d at start.
COPY deploy/web/default.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /src/dist/apps/${APP} /usr/share/nginx/html
# nginx-unprivileged's own user (uid 101); it listens on 8080.
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=6 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
