package io.newswatch.ingest.feeds;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.newswatch.ingest.DocumentSink;
import io.newswatch.document.Document;

/** Keeps what was published; can be told to refuse the next few documents like a broker that is down. */
final class CollectingSink implements DocumentSink {
    final List<Document> documents = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    void failNext(int count) {
        failures.set(count);
    }

    @Override
    public void publish(Document document) throws Exception {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("broker unavailable");
        }
        documents.add(document);
    }

    List<Document> from(String source) {
        return documents.stream().filter(d -> d.source().equals(source)).toList();
    }

    List<String> titles() {
        return documents.stream().map(Document::title).toList();
    }
}
