# Safehouse in a container: docker build -t safehouse . (or podman build), then
#   docker run -d --name safehouse -p 127.0.0.1:8080:8080 -v safehouse-data:/var/lib/safehouse safehouse
# TLS belongs to the reverse proxy in front (docs/DEPLOY.md). Your own config: mount it and name it, e.g.
#   -v /srv/safehouse/config.json:/etc/safehouse/config.json:ro   (keep "data_dir": "/var/lib/safehouse" in it)
# The build stage needs Maven Central; the runtime is Debian (glibc, for SQLite's native library).

FROM docker.io/library/maven:3.9.11-eclipse-temurin-17 AS build
# The commit for --version and /health: the build context has no .git (see .dockerignore), so pass it in:
#   docker build --build-arg COMMIT=$(git rev-parse HEAD) -t safehouse .
ARG COMMIT=unknown
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline -Dmaven.test.skip=true || true
COPY src/main src/main
COPY src/launcher src/launcher
COPY webapp webapp
RUN mvn -B -q package -Dmaven.test.skip=true -Dgit.commit.id="$COMMIT" \
    && cd target && sha256sum -c safehouse.war.sha256

FROM docker.io/library/debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/safehouse --shell /usr/sbin/nologin safehouse \
    && install -d -o safehouse -g safehouse -m 0700 /var/lib/safehouse \
    && install -d -m 0755 /etc/safehouse /opt/safehouse \
    && printf '%s\n' '{' \
        '  "$schema": "/opt/safehouse/config.schema.json",' \
        '  "_about": "The image default: listen on every interface of the container, keep history in the volume.",' \
        '  "server_ip": "0.0.0.0",' \
        '  "server_port": 8080,' \
        '  "data_dir": "/var/lib/safehouse",' \
        '  "history_storage": "sqlite"' \
        '}' > /etc/safehouse/config.json
COPY --from=build /src/target/safehouse.war /src/target/safehouse.war.sha256 /opt/safehouse/
COPY docs/config.schema.json /opt/safehouse/

ENV SAFEHOUSE_CONFIG=/etc/safehouse/config.json
# The SQLite history (and a self-signed certificate, if SSL is on without your own) live here.
VOLUME /var/lib/safehouse
WORKDIR /var/lib/safehouse
USER safehouse:safehouse
EXPOSE 8080
# SIGTERM (docker stop): clients are told 1001, history is stored, exit 0 within 10 s.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
# ParallelGC: less CPU per delivery than G1 on small heaps (README, "Run"; docs/PERFORMANCE.md, "The collector").
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-jar", "/opt/safehouse/safehouse.war"]
