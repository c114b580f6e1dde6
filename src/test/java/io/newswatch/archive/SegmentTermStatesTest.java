package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTermStatesTest {
    @TempDir Path dir;

    private static final Aliases ALIASES = new Aliases(Map.of(
            "measures", List.of("sanctions", "embargo", "asset freeze", "penalt*", "tariffs"),
            "states", List.of("russia", "iran", "north korea", "venezuel*", "cuba")));

    @Test
    void aRuleQuerySearchedThroughKeptSeeksFindsTheSameDocumentsWithTheSameScoresAndSeeksEachWordOncePerSegment() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            String[] bodies = {"new sanctions on russia were announced", "an embargo against cuba stays", "iran faces penalties",
                    "the weather was mild", "tariffs and an asset freeze hit north korea", "venezuela was spared penalties again", "talks on the harvest went on"};
            for (int segment = 0; segment < 3; segment++) {
                for (int i = 0; i < 30; i++) {
                    int n = segment * 30 + i;
                    index.put(document("d" + n, "Report " + n, bodies[n % bodies.length], T0.plus(Duration.ofHours(n))), T0.plus(Duration.ofHours(n)));
                }
                index.commit(Map.of());
            }
            Query query = new RuleCompiler(ALIASES).compile("(@measures NEAR/4 @states) OR (\"asset freeze\" AND NOT weather) OR mild");
            SegmentTermStates states = new SegmentTermStates(SegmentTermStates.DEFAULT_MAX_ENTRIES);
            List<String> plain = index.search(shared -> hits(ArchiveSearcher.withoutQueryCache(shared), query));
            List<String> first = index.search(shared -> hits(states.searcher(shared), query));
            SegmentTermStates.Stats afterFirst = states.stats();
            List<String> second = index.search(shared -> hits(states.searcher(shared), query));
            SegmentTermStates.Stats afterSecond = states.stats();

            assertEquals(plain, first);
            assertEquals(plain, second);
            assertEquals(90 - 12, plain.size(), "every document but the harvest talks matches, in every segment: " + plain);
            assertTrue(afterFirst.misses() > 0 && afterFirst.entries() > 0, "the first search looks its words up: " + afterFirst);
            assertEquals(afterFirst.misses(), afterSecond.misses(), "the second search seeks no word again: " + afterSecond);
            assertTrue(afterSecond.hits() > afterFirst.hits(), "the second search is answered from the kept seeks: " + afterSecond);
            states.close();
            assertEquals(0, states.stats().entries());
        }
    }

    /** The matches as "id score", best first then by id. */
    private static List<String> hits(IndexSearcher searcher, Query query) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        var stored = searcher.storedFields();
        for (ScoreDoc hit : searcher.search(query, 1000).scoreDocs) {
            out.add(stored.document(hit.doc).get(ArchiveSchema.KEY) + " " + hit.score);
        }
        out.sort(null);
        return out;
    }

    @Test
    void theSeeksOfASegmentGoWithItAndNoMoreThanTheBoundAreKept() throws Exception {
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            for (int i = 0; i < 10; i++) {
                org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
                doc.add(new TextField("body", "word" + i + " common", Field.Store.NO));
                writer.addDocument(doc);
                writer.commit();
            }
            SegmentTermStates states = new SegmentTermStates(5);
            DirectoryReader reader = DirectoryReader.open(writer);
            IndexSearcher shared = new IndexSearcher(reader);
            IndexSearcher searcher = states.searcher(shared);
            assertEquals(10, searcher.count(new TermQuery(new Term("body", "common"))));
            assertEquals(1, searcher.count(new PhraseQuery("body", "word3", "common")));
            assertEquals(0, searcher.count(new TermQuery(new Term("body", "absent"))));
            assertEquals(5, states.stats().entries(), "the bound holds: " + states.stats());
            assertEquals(10, searcher.count(new TermQuery(new Term("body", "common"))), "a search beyond the bound still finds everything");

            writer.forceMerge(1);
            DirectoryReader merged = DirectoryReader.openIfChanged(reader);
            reader.close(); // the old segments close: their seeks are dropped
            assertEquals(0, states.stats().entries(), "entries of closed segments are dropped: " + states.stats());
            assertEquals(10, states.searcher(new IndexSearcher(merged)).count(new TermQuery(new Term("body", "common"))));
            assertFalse(states.stats().entries() == 0, "the merged segment keeps its own");
            merged.close();
        }
    }
}
