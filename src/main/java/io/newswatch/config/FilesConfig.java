package io.newswatch.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How newswatch reads article files (seeds and watched folders). */
@ConfigMapping(prefix = "newswatch.files")
public interface FilesConfig {
    /**
     * Files larger than this are refused with an error naming the file: a news article is a few
     * kilobytes, so a file of megabytes is a mistake (a log, an archive, a video) and reading it
     * whole would only waste memory. Accepts sizes like {@code 512K}, {@code 5M}.
     */
    @WithDefault("5M")
    MemorySize maxSize();
}
