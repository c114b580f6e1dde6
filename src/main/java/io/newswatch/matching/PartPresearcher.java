package io.newswatch.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.MultipassTermFilteredPresearcher;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * Chooses the words a rule part needs, as Lucene's {@link MultipassTermFilteredPresearcher} does:
 * Lucene's query tree of the part (with the custom handlers, {@link WildcardPrefixes}), weighted
 * by the term weightor, walked in {@code passes} passes, each pass naming per field a set of
 * words of which a matching document must hold one ({@link Selection}). {@link PartIndex} indexes
 * these; a document is a candidate for a part exactly when Lucene's presearcher would let it
 * through ({@code PartPresearcherTest}).
 *
 * <p>Lucene builds the query tree only inside {@link #indexQuery} (its analyser is not public),
 * which hands the tree to {@link #buildQueryDocument}; the choice comes back from there inside
 * the returned document, which is never indexed.
 */
final class PartPresearcher extends MultipassTermFilteredPresearcher {
    private static final String SELECTION = "selection";

    /**
     * What a part needs, per pass and field: a document holding, in every pass, one of that pass's
     * words (in the field named) may match. {@code anyWord}: some pass could not name words (a
     * part Lucene's tree reads as "any word"), so every document is a candidate.
     */
    record Selection(boolean anyWord, List<Map<String, List<BytesRef>>> passes) {}

    private final int passes;
    private final float minWeight;

    PartPresearcher(int passes, float minWeight, TermWeightor weightor, List<CustomQueryHandler> handlers) {
        super(passes, minWeight, weightor, handlers, Set.of());
        this.passes = passes;
        this.minWeight = minWeight;
    }

    int passes() {
        return passes;
    }

    /** The words the part needs. */
    Selection select(Query part) {
        Document carrier = indexQuery(part, null);
        return ((Carried) carrier.getField(SELECTION)).selection;
    }

    @Override
    public Document buildQueryDocument(QueryTree querytree) {
        List<Map<String, List<BytesRef>>> chosen = new ArrayList<>(passes);
        boolean anyWord = false;
        for (int pass = 0; pass < passes; pass++) {
            Map<String, TreeSet<BytesRef>> fieldTerms = new HashMap<>();
            querytree.collectTerms((field, term) -> fieldTerms.computeIfAbsent(field, f -> new TreeSet<>()).add(term));
            anyWord |= fieldTerms.containsKey(PartIndex.ANY_WORD_FIELD);
            Map<String, List<BytesRef>> words = new HashMap<>();
            fieldTerms.forEach((field, terms) -> words.put(field, List.copyOf(terms)));
            chosen.add(Map.copyOf(words));
            querytree.advancePhase(minWeight);
        }
        Document doc = new Document();
        doc.add(new Carried(new Selection(anyWord, List.copyOf(chosen))));
        return doc;
    }

    /** The selection, carried out of {@link #indexQuery} in a field that is never indexed. */
    private static final class Carried extends Field {
        final Selection selection;

        Carried(Selection selection) {
            super(SELECTION, "", StoredField.TYPE);
            this.selection = selection;
        }
    }
}
