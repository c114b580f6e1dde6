package io.newswatch.ingest.files;

import io.newswatch.ingest.IngestException;

import io.newswatch.document.Document;
import java.util.List;

/**
 * The outcome of reading a folder: the documents that loaded, and one problem per file (or
 * sub-folder) that did not. One bad file never stops the others.
 */
public record FileBatch(List<Document> documents, List<IngestException> problems) {
    public FileBatch {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
    }
}
