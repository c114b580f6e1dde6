# syntax=docker/dockerfile:1.7
# newswatch: build with Maven on a Temurin 21 JDK, run on a Temurin 21 JRE as a non-root user.

FROM eclipse-temurin:21.0.5_11-jdk-noble AS build
WORKDIR /src
# Dependencies first, so editing the sources does not re-download them.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline -DskipTests || true
COPY src/ src/
COPY docs/ docs/
RUN ./mvnw -B -DskipTests package

FROM eclipse-temurin:21.0.5_11-jre-noble
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
ENV NEWSWATCH_SEEDS_DIR=/app/seeds \
    NEWSWATCH_RULES_DIR=/app/rules \
    NEWSWATCH_DATA_DIR=/app/data \
    NEWSWATCH_FEEDS_FILE=/app/feeds.yml \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080
# rules/, seeds/ and feeds.yml are meant to be bind-mounted over the copies above; state lives in the volume.
VOLUME ["/app/data"]
EXPOSE 8080
# No curl in the JRE image: ask bash for the readiness endpoint over /dev/tcp.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /q/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# exec form: the JVM is PID 1, so the SIGTERM of `docker stop` reaches it and it shuts down cleanly.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/quarkus-run.jar"]
