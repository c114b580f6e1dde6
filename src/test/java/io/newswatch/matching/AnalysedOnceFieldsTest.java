package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * {@link Fields#toLuceneAnalysedOnce} (one pass of the analyzer per text, the archive's way) gives
 * exactly what {@link Fields#toLucene} analysed by {@link NewsAnalyzer#perField()} gives (the
 * matcher's way): the same tokens with the same positions, offsets and end state, and so the same
 * index (terms, postings, positions, norms), on the seed articles, the real-news corpus and texts
 * made to find the edges.
 */
class AnalysedOnceFieldsTest {
    private static final List<String> FIELDS = List.of(Fields.TEXT, Fields.TEXT_UNSTEMMED, Fields.TITLE, Fields.TITLE_UNSTEMMED, Fields.SENTENCES);

    /** Texts at the edges: empty and missing parts, possessives, accents, long words, numbers, initials, quotes, lines. */
    private static final List<Document> EDGES = List.of(
            document("", ""),
            document(null, null),
            document("Only a title", null),
            document(null, "Only a body. With two sentences."),
            document("North Korea’s Kim Yong-hyun: 8,000 troops DEPLOYED", "Pyŏngyang's deployments. U.S. Gen. Smith said No. 5 was \"ready.\" "
                    + "Then… what? (Nobody knew.) « Ça va » said Mr. O'Neil on Jan. 3, 2026!\n\nA new paragraph\nwith a hard wrap."),
            document("x".repeat(300) + " y", "a " + "b".repeat(600) + " c. D e f. 3.5% of Reuters.com's e.g. users. 😀 emoji ✓ and ﬁ ligature."),
            document("   ", "\n\n\n   . . . ?! "),
            document("Title ending in a period.", "Body starting lower. and upper. Again"));

    @Test
    void everyFieldGivesTheAnalyzersTokensPositionsOffsetsAndEndState() throws Exception {
        for (Document d : corpus()) {
            org.apache.lucene.document.Document once = Fields.toLuceneAnalysedOnce(d);
            org.apache.lucene.document.Document analysed = Fields.toLucene(d);
            for (String field : FIELDS) {
                IndexableField expected = analysed.getField(field);
                IndexableField actual = once.getField(field);
                assertNotNull(actual, field);
                assertEquals(tokens(expected.tokenStream(NewsAnalyzer.perField(), null)), tokens(actual.tokenStream(null, null)),
                        field + " of " + d.id());
            }
        }
    }

    @Test
    void theIndexHoldsTheSameTermsPostingsPositionsAndNorms() throws Exception {
        List<Document> docs = corpus();
        try (ByteBuffersDirectory analysedDir = new ByteBuffersDirectory(); ByteBuffersDirectory onceDir = new ByteBuffersDirectory()) {
            try (IndexWriter analysed = new IndexWriter(analysedDir, new IndexWriterConfig(NewsAnalyzer.perField()));
                 IndexWriter once = new IndexWriter(onceDir, new IndexWriterConfig(NewsAnalyzer.perField()))) {
                for (Document d : docs) {
                    analysed.addDocument(Fields.toLucene(d));
                    once.addDocument(Fields.toLuceneAnalysedOnce(d));
                }
                analysed.forceMerge(1);
                once.forceMerge(1);
            }
            try (DirectoryReader a = DirectoryReader.open(analysedDir); DirectoryReader b = DirectoryReader.open(onceDir)) {
                LeafReader left = a.leaves().getFirst().reader();
                LeafReader right = b.leaves().getFirst().reader();
                assertEquals(docs.size(), right.maxDoc());
                long postings = 0;
                for (String field : FIELDS) {
                    postings += assertSamePostings(field, left.terms(field), right.terms(field));
                    assertSameNorms(field, left.getNormValues(field), right.getNormValues(field));
                }
                assertTrue(postings > 100_000, "compared " + postings + " positions");
            }
        }
    }

    private static long assertSamePostings(String field, Terms expected, Terms actual) throws IOException {
        assertEquals(expected.size(), actual.size(), field + ": number of terms");
        assertEquals(expected.getSumTotalTermFreq(), actual.getSumTotalTermFreq(), field);
        TermsEnum left = expected.iterator();
        TermsEnum right = actual.iterator();
        PostingsEnum lp = null;
        PostingsEnum rp = null;
        long positions = 0;
        for (BytesRef term = left.next(); term != null; term = left.next()) {
            assertEquals(term, right.next(), field);
            assertEquals(left.docFreq(), right.docFreq(), field + ":" + term.utf8ToString());
            lp = left.postings(lp, PostingsEnum.POSITIONS);
            rp = right.postings(rp, PostingsEnum.POSITIONS);
            for (int doc = lp.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = lp.nextDoc()) {
                assertEquals(doc, rp.nextDoc());
                assertEquals(lp.freq(), rp.freq());
                for (int i = 0; i < lp.freq(); i++) {
                    assertEquals(lp.nextPosition(), rp.nextPosition(), field + ":" + term.utf8ToString() + " in doc " + doc);
                    positions++;
                }
            }
            assertEquals(DocIdSetIterator.NO_MORE_DOCS, rp.nextDoc());
        }
        assertEquals(null, right.next(), field);
        return positions;
    }

    private static void assertSameNorms(String field, NumericDocValues expected, NumericDocValues actual) throws IOException {
        for (int doc = expected.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = expected.nextDoc()) {
            assertEquals(doc, actual.nextDoc(), field);
            assertEquals(expected.longValue(), actual.longValue(), field + " norm of doc " + doc);
        }
        assertEquals(DocIdSetIterator.NO_MORE_DOCS, actual.nextDoc(), field);
    }

    /** Every token (term, increment, offsets), then the end state (increment and offsets after end()). */
    private static List<String> tokens(TokenStream stream) throws IOException {
        List<String> out = new ArrayList<>();
        try (stream) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term + "/" + increment.getPositionIncrement() + "/" + offset.startOffset() + "-" + offset.endOffset());
            }
            stream.end();
            out.add("end/" + increment.getPositionIncrement() + "/" + offset.startOffset() + "-" + offset.endOffset());
        }
        return out;
    }

    static List<Document> corpus() throws Exception {
        List<Document> docs = new ArrayList<>(EDGES);
        DocumentFileReader reader = new DocumentFileReader();
        for (Path file : reader.listFiles(Path.of("seeds"))) {
            docs.add(reader.read(file, Instant.EPOCH));
        }
        // Every third real-news article (600 of 1,823): enough variety, a shorter test.
        List<Path> realNews = reader.listFiles(Path.of("..", "shared", "corpus", "realnews", "docs"));
        for (int i = 0; i < realNews.size(); i += 3) {
            docs.add(reader.read(realNews.get(i), Instant.EPOCH));
        }
        assertTrue(docs.size() > 600, "the seeds and the real-news corpus are read (" + docs.size() + " documents)");
        return docs;
    }

    private static Document document(String title, String body) {
        return new Document("edge-" + (title == null ? "null" : title.hashCode()) + "-" + (body == null ? "null" : body.hashCode()), "test",
                null, title, body, null, "en", Instant.EPOCH, List.of(), List.of());
    }
}
