package io.newswatch.ingest;

import io.newswatch.config.FilesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the configured {@link DocumentFileReader} injectable; the reader itself stays plain Java. */
@ApplicationScoped
public class DocumentFileReaderProducer {
    @Produces
    @Singleton
    DocumentFileReader documentFileReader(FilesConfig config) {
        return new DocumentFileReader(config.maxSize().asLongValue());
    }
}
