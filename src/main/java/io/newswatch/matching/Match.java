package io.newswatch.matching;

import java.util.List;

/** A rule that matched a document, with the evidence a reader needs to judge it. */
public record Match(String ruleId, String documentId, double score, List<Highlight> highlights, String snippet) {
    public Match {
        highlights = List.copyOf(highlights);
    }
}
