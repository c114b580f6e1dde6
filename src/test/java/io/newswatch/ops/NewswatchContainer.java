package io.newswatch.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newswatch container as {@code docker compose up} creates it: the Dockerfile's final stage
 * (its {@code ENV}, {@code WORKDIR} and copied files) with the compose service on top (its
 * {@code environment} overrides the image's, its volumes are mounted over the image's files).
 */
record NewswatchContainer(Path projectDir, ComposeFile compose, Dockerfile.Stage image) {
    static final String SERVICE = "newswatch";

    /** The repository's Dockerfile and docker-compose.yml. */
    static NewswatchContainer fromProject(Path projectDir) throws IOException {
        ComposeFile compose = ComposeFile.read(projectDir.resolve("docker-compose.yml"));
        Dockerfile dockerfile = Dockerfile.read(projectDir.resolve("Dockerfile"));
        return new NewswatchContainer(projectDir, compose, dockerfile.finalStage());
    }

    ComposeFile.Service service() {
        return compose.service(SERVICE);
    }

    /** The variables the daemon sees (besides the base image's PATH, JAVA_HOME, LANG and the like). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.putAll(service().environment());
        return env;
    }

    /** The working directory of the daemon in the container. */
    String workdir() {
        return image.last("WORKDIR").orElse("/");
    }
}
