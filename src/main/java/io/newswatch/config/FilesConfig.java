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

    /**
     * A new or changed file in the watched folder is ingested only once it has been left alone this
     * long (size and modification time unchanged, checked every watch interval), so a file written
     * in several parts, or copied slowly, becomes one document. Writers should still write to a
     * temporary name ({@code *.tmp}, {@code *.part}, a dotfile) and rename it when complete.
     */
    @WithDefault("5s")
    java.time.Duration settleTime();
}
