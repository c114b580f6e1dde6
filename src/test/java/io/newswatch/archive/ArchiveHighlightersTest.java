package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.newswatch.matching.Match;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

class ArchiveHighlightersTest {
    private final RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
    private final io.newswatch.document.Document doc = document("d1", "Sanctions", "New sanctions against the regime were announced.", T0);

    @Test
    void theSameQuerySearchedAgainReusesItsHighlighterWithTheSameEvidence() throws Exception {
        Query query = compiler.compile("sanctions NEAR/3 regime");
        try (ArchiveHighlighters highlighters = new ArchiveHighlighters()) {
            ArchiveHighlighter first;
            Match evidence;
            try (ArchiveHighlighters.Lease lease = highlighters.lease(query)) {
                first = lease.highlighter();
                evidence = first.evidence(doc).orElseThrow();
            }
            try (ArchiveHighlighters.Lease again = highlighters.lease(query)) {
                assertSame(first, again.highlighter());
                assertEquals(evidence.highlights(), again.highlighter().evidence(doc).orElseThrow().highlights());
            }
            try (ArchiveHighlighter own = new ArchiveHighlighter(query)) {
                assertEquals(own.evidence(doc).orElseThrow().snippet(), evidence.snippet(), "as a highlighter of its own shows it");
            }
        }
    }

    @Test
    void aHighlighterDroppedWhileInUseServesItsSearchToTheEndAndIsMadeAfreshAfterwards() throws Exception {
        Query query = compiler.compile("sanctions NEAR/3 regime");
        try (ArchiveHighlighters highlighters = new ArchiveHighlighters()) {
            try (ArchiveHighlighters.Lease held = highlighters.lease(query)) {
                for (int i = 0; i < ArchiveHighlighters.KEPT; i++) {
                    highlighters.lease(compiler.compile("word" + i + " NEAR/2 other")).close();
                }
                // Dropped from the kept ones by now, but still in use here: it works until handed back.
                assertEquals(1, held.highlighter().evidence(doc).orElseThrow().highlights().size() > 0 ? 1 : 0);
                try (ArchiveHighlighters.Lease fresh = highlighters.lease(query)) {
                    assertNotSame(held.highlighter(), fresh.highlighter());
                }
            }
        }
    }
}
