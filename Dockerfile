# syntax=docker/dockerfile:1.7
# newswatch: build with Maven on a Temurin 21 JDK, run on a Temurin 21 JRE as a non-root user.
# Base images are pinned to an exact release (ComposeFileTest checks it); update both together.

FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
WORKDIR /src
# Dependencies first, so editing the sources does not download them again. Best effort: go-offline
# does not see everything the Quarkus plugin loads during the build; the package step fetches the rest.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline -DskipTests || true
COPY src/ src/
RUN ./mvnw -B -DskipTests package

FROM eclipse-temurin:21.0.8_9-jre-noble
RUN groupadd --system --gid 10001 newswatch \
 && useradd --system --uid 10001 --gid newswatch --home-dir /app --shell /usr/sbin/nologin newswatch \
 && mkdir -p /app/data \
 && chown newswatch:newswatch /app/data
WORKDIR /app
COPY --from=build --chown=newswatch:newswatch /src/target/quarkus-app/ /app/
COPY --chown=newswatch:newswatch seeds/ /app/seeds/
COPY --chown=newswatch:newswatch rules/ /app/rules/
COPY --chown=newswatch:newswatch feeds.yml /app/feeds.yml
USER newswatch
# Only settings newswatch reads (ComposeFileTest checks every name against the code).
ENV NEWSWATCH_SEEDS_DIR=/app/seeds \
    NEWSWATCH_RULES_DIR=/app/rules \
    NEWSWATCH_DATA_DIR=/app/data \
    NEWSWATCH_FEEDS_FILE=/app/feeds.yml \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080
# rules/, seeds/ and feeds.yml may be bind-mounted over the copies above (read-only is enough);
# state (Kafka Streams stores, feed state, the embedded broker if it runs) lives in the volume.
VOLUME ["/app/data"]
EXPOSE 8080
# No curl needed: bash asks the readiness endpoint over /dev/tcp. Ready means Kafka is reachable
# and the Streams pipeline is RUNNING.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${QUARKUS_HTTP_PORT:-8080} && printf 'GET /q/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Exec form: the JVM is PID 1, so the SIGTERM of `docker stop` reaches it and it shuts down cleanly
# (give it time: `stop_grace_period: 60s` in docker-compose.yml, `docker stop -t 60`).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/quarkus-run.jar"]
