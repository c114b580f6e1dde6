package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class DocumentPositionsTest {

    private static LeafReader index(String body) {
        MemoryIndex index = new MemoryIndex(true, false);
        index.addField("body", body, new WhitespaceAnalyzer());
        return (LeafReader) index.createSearcher().getIndexReader().leaves().getFirst().reader();
    }

    /** Every term's positions, offsets and statistics as Lucene's own seek reads them. */
    private static void assertSameAsLucene(LeafReader reader, DocumentPositions.FieldWords field, BytesRef word) throws IOException {
        TermsEnum terms = reader.terms("body").iterator();
        if (!terms.seekExact(word)) {
            assertNull(field.postings(word), word.utf8ToString());
            return;
        }
        DocumentPositions.Postings found = field.postings(word);
        assertNotNull(found, word.utf8ToString());
        assertSamePostings(terms, found, word.utf8ToString());
    }

    /** {@code actual} holds the occurrences and statistics of the term {@code terms} is on, as Lucene's own postings read them. */
    static void assertSamePostings(TermsEnum terms, DocumentPositions.Postings actual, String where) throws IOException {
        PostingsEnum postings = terms.postings(null, PostingsEnum.OFFSETS);
        postings.nextDoc();
        int freq = postings.freq();
        int[] at = new int[freq];
        int[] starts = new int[freq];
        int[] ends = new int[freq];
        for (int i = 0; i < freq; i++) {
            at[i] = postings.nextPosition();
            starts[i] = postings.startOffset();
            ends[i] = postings.endOffset();
        }
        assertArrayEquals(at, actual.positions(), where);
        assertArrayEquals(starts, actual.starts(), where);
        assertArrayEquals(ends, actual.ends(), where);
        assertEquals(terms.docFreq(), actual.docFreq(), where);
        assertEquals(terms.totalTermFreq(), actual.totalTermFreq(), where);
    }

    @Test
    void aWordsPositionsAreLucenesWhateverOrderWordsAndPrefixesAreAskedIn() throws IOException {
        StringBuilder body = new StringBuilder();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String word = "w" + Integer.toString(i * 7919 % 1000, 36) + (i % 3 == 0 ? "é" : "");
            words.add(word);
            body.append(word).append(i % 5 == 0 ? " troops " : " ");
        }
        LeafReader reader = index(body.toString());
        DocumentPositions positions = new DocumentPositions(reader);
        DocumentPositions.FieldWords field = positions.field("body");

        List<String> asked = new ArrayList<>(words.reversed());
        asked.addAll(List.of("troops", "troop", "absent", "", "w", "wzzzz", "troopsx"));
        for (String word : asked) {
            assertSameAsLucene(reader, field, new BytesRef(word));
            // A wildcard expansion moves the field's terms; the next word must not depend on where it left them.
            field.prefixed(new BytesRef("w1"), 3);
        }
        for (String word : words) {
            BytesRef padded = new BytesRef(("xx" + word + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8), 2,
                    word.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertSameAsLucene(reader, field, padded);
        }
    }

    @Test
    void aOneDocumentSegmentOnDiskWhoseTermsHaveNoNumbersGivesLucenesPositionsToo() throws IOException {
        // The archive searches its one-document segments through the shared sources as well: block-tree
        // terms cannot seek by number, so the words are found by their bytes.
        String body = "troops deployed to the border as troops massed near w1 w1a w1b deployed";
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
                FieldType type = new FieldType();
                type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
                type.setTokenized(true);
                Document document = new Document();
                document.add(new Field("body", body, type));
                writer.addDocument(document);
            }
            try (DirectoryReader directoryReader = DirectoryReader.open(directory)) {
                LeafReader reader = directoryReader.leaves().getFirst().reader();
                assertEquals(1, reader.maxDoc());
                DocumentPositions.FieldWords field = new DocumentPositions(reader).field("body");
                for (String word : List.of("troops", "deployed", "border", "absent", "w1b", "w1", "massed", "troops")) {
                    assertSameAsLucene(reader, field, new BytesRef(word));
                    field.prefixed(new BytesRef("w1"), 2);
                }
            }
        }
    }

    @Test
    void aFieldTheDocumentLacksHoldsNoWords() throws IOException {
        DocumentPositions positions = new DocumentPositions(index("troops deployed"));
        assertNull(positions.field("title").postings(new BytesRef("troops")));
        assertNull(positions.field("body").postings(new BytesRef("army")));
        assertEquals(2, positions.field("body").postings(new BytesRef("deployed")).positions()[0] + 1);
    }
}
