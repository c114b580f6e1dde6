package io.newswatch.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.MultipassTermFilteredPresearcher;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene's {@link MultipassTermFilteredPresearcher}, indexing a rule part's words the same way but
 * cheaper: Lucene collects each pass's words of each field into a fresh {@code BytesRefHash}, whose
 * first word allocates a 32 KiB block, and Monitor keeps every part's document until its one
 * commit, so 10,000 generated rules (62,469 parts, two passes, two or three fields) allocated and
 * zeroed about 12 GB and spent a quarter of their registration there. Here each field's words are a
 * small sorted set, and a field's plain copy (which Monitor reads to know which document words
 * any rule uses) is written once with the words of every pass instead of once per pass.
 *
 * <p>The index it builds holds, per field, exactly the words Lucene's would: the same
 * {@code field_0}/{@code field_1} pass fields and the same plain field (Lucene's holds the
 * repeated words twice, which changes no search), so the candidates per document are the same
 * ({@code PartPresearcherTest}). The document side ({@code buildQuery}) is Lucene's own.
 */
final class PartPresearcher extends MultipassTermFilteredPresearcher {
    private static final FieldType INDEXED;

    static {
        INDEXED = new FieldType(TextField.TYPE_NOT_STORED);
        INDEXED.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        INDEXED.freeze();
    }

    private final int passes;
    private final float minWeight;

    PartPresearcher(int passes, float minWeight, TermWeightor weightor, List<CustomQueryHandler> handlers) {
        super(passes, minWeight, weightor, handlers, java.util.Set.of());
        this.passes = passes;
        this.minWeight = minWeight;
    }

    @Override
    public Document buildQueryDocument(QueryTree querytree) {
        Document doc = new Document();
        Map<String, TreeSet<BytesRef>> every = new HashMap<>();
        for (int pass = 0; pass < passes; pass++) {
            Map<String, TreeSet<BytesRef>> fieldTerms = new HashMap<>();
            querytree.collectTerms((field, term) -> fieldTerms.computeIfAbsent(field, f -> new TreeSet<>()).add(term));
            for (Map.Entry<String, TreeSet<BytesRef>> entry : fieldTerms.entrySet()) {
                doc.add(new Field(entry.getKey() + "_" + pass, new Words(new ArrayList<>(entry.getValue())), INDEXED));
                every.computeIfAbsent(entry.getKey(), f -> new TreeSet<>()).addAll(entry.getValue());
            }
            querytree.advancePhase(minWeight);
        }
        for (Map.Entry<String, TreeSet<BytesRef>> entry : every.entrySet()) {
            doc.add(new Field(entry.getKey(), new Words(new ArrayList<>(entry.getValue())), INDEXED));
        }
        return doc;
    }

    /** A field's words as tokens, bytes as they are (no round trip through chars). */
    private static final class Words extends TokenStream {
        private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
        private final List<BytesRef> words;
        private int next;

        Words(List<BytesRef> words) {
            this.words = words;
        }

        @Override
        public boolean incrementToken() {
            if (next >= words.size()) {
                return false;
            }
            clearAttributes();
            term.setBytesRef(words.get(next++));
            return true;
        }

        @Override
        public void reset() {
            next = 0;
        }
    }
}
