package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.newswatch.document.Document;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * {@link DocumentIndex} holds what the matcher's per-document MemoryIndex held: for every field,
 * the same terms, each with the same positions, offsets and statistics, the same norms and field
 * statistics; and {@link DocumentPositions} over it gives the same words and wildcard expansions
 * as over the MemoryIndex. On the seeds, a third of the real-news corpus and texts made to find
 * the edges (empty and missing title or body, accents, emoji, long words).
 */
class DocumentIndexTest {
    private static final List<String> FIELDS = List.of(Fields.TEXT, Fields.TEXT_UNSTEMMED, Fields.TITLE, Fields.TITLE_UNSTEMMED, Fields.SENTENCES);

    private static IndexSearcher memoryIndex(Document document) {
        MemoryIndex memory = new MemoryIndex(true, false);
        for (org.apache.lucene.index.IndexableField field : Fields.toLuceneAnalysedOnce(document, true)) {
            memory.addField(field, NewsAnalyzer.perField());
        }
        memory.freeze();
        return memory.createSearcher();
    }

    private static LeafReader onlyReader(IndexSearcher searcher) {
        return (LeafReader) searcher.getIndexReader().leaves().getFirst().reader();
    }

    @Test
    void everyFieldHoldsTheMemoryIndexsTermsPostingsNormsAndStatistics() throws Exception {
        for (Document document : AnalysedOnceFieldsTest.corpus()) {
            IndexSearcher searcher = memoryIndex(document);
            LeafReader reader = onlyReader(searcher);
            DocumentIndex own = DocumentIndex.of(Fields.toLuceneAnalysedOnce(document, true));
            for (String name : FIELDS) {
                String where = name + " of " + document.id();
                Terms terms = reader.terms(name);
                DocumentIndex.Field field = own.field(name);
                NumericDocValues norms = reader.getNormValues(name);
                long norm = norms != null && norms.advanceExact(0) ? norms.longValue() : 1L;
                assertEquals(norm, own.norm(name), where);
                CollectionStatistics expected = searcher.collectionStatistics(name);
                if (terms == null) {
                    assertNull(field, where);
                    assertNull(expected, where);
                    continue;
                }
                assertNotNull(field, where);
                assertEquals(norm, field.norm(), where);
                CollectionStatistics actual = field.statistics();
                assertEquals(expected.maxDoc(), actual.maxDoc(), where);
                assertEquals(expected.docCount(), actual.docCount(), where);
                assertEquals(expected.sumTotalTermFreq(), actual.sumTotalTermFreq(), where);
                assertEquals(expected.sumDocFreq(), actual.sumDocFreq(), where);
                assertEquals(terms.size(), field.termCount(), where);
                TermsEnum walk = terms.iterator();
                int[] order = field.sortedIds();
                int i = 0;
                for (BytesRef term = walk.next(); term != null; term = walk.next(), i++) {
                    assertEquals(term, field.term(order[i], new BytesRef()), where);
                    assertEquals(order[i], field.find(term), where);
                    // The hash kept per term is the one rule words are keyed by (BytesRef's), so a rule word's stored hash finds it.
                    assertEquals(term.hashCode(), field.hash(order[i]), where);
                    assertEquals(DocumentPositions.hash(term), field.hash(order[i]), where);
                    assertEquals(order[i], field.find(term, term.hashCode()), where);
                    DocumentPositionsTest.assertSamePostings(walk, field.postings(order[i]), where + " " + term.utf8ToString());
                }
            }
        }
    }

    @Test
    void wordsAndWildcardExpansionsReadTheSameOverEitherIndex() throws Exception {
        List<BytesRef> prefixes = new ArrayList<>();
        for (String prefix : List.of("a", "de", "dep", "deploy", "troop", "sign", "trea", "zzz", "", "é", "pyŏ", "nato", "s", "e")) {
            prefixes.add(new BytesRef(prefix));
        }
        for (Document document : AnalysedOnceFieldsTest.corpus()) {
            DocumentPositions lucene = new DocumentPositions(onlyReader(memoryIndex(document)));
            DocumentPositions own = new DocumentPositions(DocumentIndex.of(Fields.toLuceneAnalysedOnce(document, true)));
            for (String name : FIELDS) {
                String where = name + " of " + document.id();
                for (BytesRef prefix : prefixes) {
                    for (int limit : new int[] {0, 2, 1024}) {
                        DocumentPositions.Postings[] expected = lucene.field(name).prefixed(prefix, limit);
                        DocumentPositions.Postings[] actual = own.field(name).prefixed(prefix, limit);
                        assertEquals(expected.length, actual.length, where + " " + prefix.utf8ToString() + "* limit " + limit);
                        for (int i = 0; i < expected.length; i++) {
                            assertArrayEquals(expected[i].positions(), actual[i].positions(), where);
                            assertArrayEquals(expected[i].starts(), actual[i].starts(), where);
                        }
                    }
                    assertEquals(lucene.field(name).anyWithPrefix(prefix), own.field(name).anyWithPrefix(prefix), where);
                }
                for (String word : List.of("troop", "troops", "deploy", "the", "absent-word", "s", "e")) {
                    DocumentPositions.Postings expected = lucene.field(name).postings(new BytesRef(word));
                    DocumentPositions.Postings actual = own.field(name).postings(new BytesRef(word));
                    assertEquals(expected == null, actual == null, where + " " + word);
                    if (expected != null) {
                        assertArrayEquals(expected.positions(), actual.positions(), where);
                        assertArrayEquals(expected.ends(), actual.ends(), where);
                    }
                }
            }
        }
    }

    @Test
    void aRuleWordWithItsHashGivenFindsWhatTheWordAloneFindsOverEitherIndexEvenAsASliceOfALargerArray() throws Exception {
        for (Document document : AnalysedOnceFieldsTest.corpus()) {
            DocumentPositions lucene = new DocumentPositions(onlyReader(memoryIndex(document)));
            DocumentPositions own = new DocumentPositions(DocumentIndex.of(Fields.toLuceneAnalysedOnce(document, true)));
            for (String name : FIELDS) {
                for (String word : List.of("troop", "troops", "deploy", "the", "absent-word", "s", "e", "é")) {
                    byte[] padded = ("xx" + word + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    BytesRef slice = new BytesRef(padded, 2, padded.length - 4);
                    int hash = PositionEvaluator.wordHashes(new BytesRef[] {BytesRef.deepCopyOf(slice)})[0];
                    assertEquals(new BytesRef(word).hashCode(), hash, word);
                    for (DocumentPositions positions : List.of(lucene, own)) {
                        DocumentPositions.Postings alone = positions.field(name).postings(new BytesRef(word));
                        DocumentPositions.Postings hashed = positions.field(name).postings(slice, hash);
                        assertEquals(alone == null, hashed == null, name + " of " + document.id() + " " + word);
                        if (alone != null) {
                            assertArrayEquals(alone.positions(), hashed.positions(), word);
                            assertArrayEquals(alone.starts(), hashed.starts(), word);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFieldGivenTwiceIsRefusedRatherThanIndexedDifferentlyFromLucene() {
        org.apache.lucene.document.Document twice = new org.apache.lucene.document.Document();
        twice.add(new org.apache.lucene.document.TextField("f", FieldTokensOf.stream("one two")));
        twice.add(new org.apache.lucene.document.TextField("f", FieldTokensOf.stream("three")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DocumentIndex.of(twice));
        assertEquals("field f given twice; DocumentIndex takes one value per field", e.getMessage());
    }

    /** A token stream of its own analyzer (an analyzer hands one stream per field and thread at a time). */
    private static final class FieldTokensOf {
        static org.apache.lucene.analysis.TokenStream stream(String text) {
            return new org.apache.lucene.analysis.core.WhitespaceAnalyzer().tokenStream("f", text);
        }
    }
}
