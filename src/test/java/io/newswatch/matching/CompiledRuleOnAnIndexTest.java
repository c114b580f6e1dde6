package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * A compiled rule stays an ordinary Lucene query: run against an index of many documents (as an
 * archive search would), it finds the documents the matcher matches one at a time. The shared
 * interval sources only record intervals on the matcher's per-document MemoryIndex.
 */
class CompiledRuleOnAnIndexTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "troops", List.of("troops*", "soldiers*"),
            "deploy", List.of("deploy", "sent")));

    private static Document doc(String id, String body) {
        return new Document(id, "test", id + ".txt", "", body, Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
    }

    @Test
    void findsOnAManyDocumentIndexWhatTheMatcherFindsPerDocument() throws Exception {
        List<Document> documents = List.of(
                doc("a", "Troops were deployed to the border."),
                doc("b", "The ministry sent more soldiers north."),
                doc("c", "Soldiers rested for many long weeks at the base before anyone was sent; the deployment of aid waited."),
                doc("d", "A film about soldiers deployed abroad."),
                doc("e", "Markets rose on Monday."));
        Query rule = new RuleCompiler(ALIASES).compile("@troops NEAR/4 @deploy AND NOT film");
        List<String> perDocument = perDocument(rule, documents);
        assertEquals(List.of("a", "b"), perDocument);
        assertEquals(perDocument, fromIndex(rule, documents));
    }

    @Test
    void theSentenceScopeHoldsOnAManyDocumentIndexAsInTheMatcher() throws Exception {
        List<Document> documents = List.of(
                doc("a", "Troops were deployed. The border stayed calm."),
                doc("b", "Officials said on Monday that many soldiers were finally sent north."),
                doc("c", "Soldiers rested. Aid was sent later."),
                doc("d", "Gen. Smith said soldiers from the U.S. Army were sent."));
        Query rule = new RuleCompiler(ALIASES).compile("@troops NEAR/S @deploy");
        List<String> perDocument = perDocument(rule, documents);
        assertEquals(List.of("a", "b", "d"), perDocument);
        assertEquals(perDocument, fromIndex(rule, documents));
    }

    /** The documents the rule matches one at a time in the matcher, in order. */
    private static List<String> perDocument(Query rule, List<Document> documents) {
        List<String> matched = new ArrayList<>();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register("rule", rule);
            for (Document document : documents) {
                if (!matcher.match(document).isEmpty()) {
                    matched.add(document.id());
                }
            }
        }
        return matched;
    }

    /** The documents the rule finds on one index of them all, sorted by id. */
    static List<String> fromIndex(Query rule, List<Document> documents) throws Exception {
        List<String> found = new ArrayList<>();
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(NewsAnalyzer.perField()))) {
                for (Document document : documents) {
                    writer.addDocument(Fields.toLucene(document));
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (ScoreDoc hit : searcher.search(rule, 10).scoreDocs) {
                    found.add(documents.get(hit.doc).id());
                }
            }
        }
        found.sort(null);
        return found;
    }
}
