package io.newswatch.archive;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.alerts.Alert;
import io.newswatch.matching.Fields;
import io.newswatch.matching.Highlight;
import io.newswatch.document.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/**
 * How documents and alerts are laid out in the archive index. A document is indexed with exactly
 * the fields, terms and positions the matcher uses ({@link Fields#toLucene} analysed by {@link
 * io.newswatch.matching.NewsAnalyzer#perField()}; built by {@link Fields#toLuceneAnalysedOnce},
 * which cuts each text once instead of once per field), so a compiled rule query means the same
 * here as in the matcher; its text is stored for highlights and snippets. An alert is a record of its own,
 * keyed by its deterministic id and pointing at its document by id: an alert and its document may
 * be archived in either order, and neither has to be rewritten when the other arrives.
 *
 * <p>Both kinds carry {@link #TIME} (published time of a document, match time of an alert: what
 * listings sort and filter on), {@link #INGESTED} (what retention deletes by) and {@link #KEY}
 * (the unique id, the update key and the sort tie-break, so paging is stable).
 */
public final class ArchiveSchema {
    public static final String KIND = "kind";
    public static final String KIND_DOCUMENT = "document";
    public static final String KIND_ALERT = "alert";
    /** A document's membership of a story: key {@code story:<document id>}, {@link #STORY} and {@link #DOCUMENT}. */
    public static final String KIND_STORY = "story";
    public static final String STORY = "story";
    /**
     * A story merge: the story {@link #MERGED} was absorbed by the story {@link #SURVIVOR} (key {@code merge:<absorbed id>}).
     * Memberships written before the merge keep the absorbed id; searches resolve it to the survivor.
     */
    public static final String KIND_STORY_MERGE = "story-merge";
    static final String MERGED = "merged";
    static final String SURVIVOR = "survivor";
    /** Document id or alert id: unique per record. */
    public static final String KEY = "key";
    public static final String TIME = "time";
    public static final String INGESTED = "ingested";
    public static final String SOURCE = "source";
    public static final String RULE = "rule";
    /** On an alert: the id of its document. */
    public static final String DOCUMENT = "document";

    static final String LOCATION = "location";
    static final String STORED_TITLE = "stored_title";
    static final String STORED_BODY = "stored_body";
    static final String PUBLISHED = "published";
    static final String LANGUAGE = "language";
    static final String AUTHOR = "author";
    static final String CATEGORY = "category";
    static final String SCORE = "score";
    static final String RULE_TITLE = "rule_title";
    static final String SEVERITY = "severity";
    static final String SNIPPET = "snippet";
    static final String HIGHLIGHTS = "highlights";
    static final String DOC_TITLE = "doc_title";
    static final String DOC_URL = "doc_url";
    static final String DOC_PATH = "doc_path";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveSchema() {}

    static Term documentKey(String documentId) {
        return new Term(KEY, documentId);
    }

    /** The Lucene record of a document; {@code published} falls back to {@code ingested}, then to {@code archived}. */
    static org.apache.lucene.document.Document toLucene(Document document, Instant archived) {
        Instant ingested = document.ingested() == null ? archived : document.ingested();
        Instant time = time(document, archived);
        org.apache.lucene.document.Document lucene = Fields.toLuceneAnalysedOnce(document);
        lucene.add(new StringField(KIND, KIND_DOCUMENT, Field.Store.NO));
        key(lucene, document.id());
        times(lucene, time, ingested);
        if (document.source() != null) {
            lucene.add(new StringField(SOURCE, document.source(), Field.Store.YES));
        }
        storeIfSet(lucene, LOCATION, document.location());
        storeIfSet(lucene, STORED_TITLE, document.title());
        storeIfSet(lucene, STORED_BODY, document.body());
        storeIfSet(lucene, LANGUAGE, document.language());
        if (document.published() != null) {
            lucene.add(new StoredField(PUBLISHED, document.published().toEpochMilli()));
        }
        document.authors().forEach(a -> storeIfSet(lucene, AUTHOR, a));
        document.categories().forEach(c -> storeIfSet(lucene, CATEGORY, c));
        return lucene;
    }

    /** A document's {@link #TIME}: published, else ingested, else when it was archived. */
    static Instant time(Document document, Instant archived) {
        Instant ingested = document.ingested() == null ? archived : document.ingested();
        return document.published() == null ? ingested : document.published();
    }

    /** The Lucene record of an alert; it counts as ingested when it was made. */
    static org.apache.lucene.document.Document toLucene(Alert alert) {
        org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
        lucene.add(new StringField(KIND, KIND_ALERT, Field.Store.NO));
        key(lucene, alert.id());
        times(lucene, alert.time(), alert.time());
        lucene.add(new StringField(RULE, alert.rule().id(), Field.Store.YES));
        lucene.add(new StringField(DOCUMENT, alert.document().id(), Field.Store.YES));
        lucene.add(new SortedDocValuesField(DOCUMENT, new BytesRef(alert.document().id())));
        lucene.add(new StoredField(SCORE, alert.score()));
        storeIfSet(lucene, RULE_TITLE, alert.rule().title());
        storeIfSet(lucene, SEVERITY, alert.rule().severity());
        storeIfSet(lucene, SNIPPET, alert.snippet());
        try {
            lucene.add(new StoredField(HIGHLIGHTS, JSON.writeValueAsString(alert.highlights())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var d = alert.document();
        storeIfSet(lucene, DOC_TITLE, d.title());
        storeIfSet(lucene, DOC_URL, d.url());
        storeIfSet(lucene, DOC_PATH, d.path());
        if (d.source() != null) {
            lucene.add(new StringField(SOURCE, d.source(), Field.Store.YES));
        }
        if (d.published() != null) {
            lucene.add(new StoredField(PUBLISHED, d.published().toEpochMilli()));
        }
        return lucene;
    }

    /** The Lucene record of a document's story membership; it counts as ingested at {@code time}. */
    static org.apache.lucene.document.Document storyMembership(String storyId, String documentId, Instant time) {
        org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
        lucene.add(new StringField(KIND, KIND_STORY, Field.Store.NO));
        key(lucene, storyKey(documentId));
        times(lucene, time, time);
        lucene.add(new StringField(STORY, storyId, Field.Store.YES));
        lucene.add(new SortedDocValuesField(STORY, new BytesRef(storyId)));
        lucene.add(new StringField(DOCUMENT, documentId, Field.Store.YES));
        lucene.add(new SortedDocValuesField(DOCUMENT, new BytesRef(documentId)));
        return lucene;
    }

    /** The Lucene record of a story merge: {@code absorbed} now belongs to {@code survivor}; it counts as ingested at {@code time}. */
    static org.apache.lucene.document.Document storyMerge(String absorbed, String survivor, Instant time) {
        org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
        lucene.add(new StringField(KIND, KIND_STORY_MERGE, Field.Store.NO));
        key(lucene, mergeKey(absorbed));
        times(lucene, time, time);
        lucene.add(new StringField(SURVIVOR, survivor, Field.Store.YES));
        lucene.add(new StringField(MERGED, absorbed, Field.Store.YES));
        return lucene;
    }

    static String mergeKey(String absorbedStoryId) {
        return "merge:" + absorbedStoryId;
    }

    static String storyKey(String documentId) {
        return "story:" + documentId;
    }

    private static void key(org.apache.lucene.document.Document lucene, String key) {
        lucene.add(new StringField(KEY, key, Field.Store.YES));
        lucene.add(new SortedDocValuesField(KEY, new BytesRef(key)));
    }

    private static void times(org.apache.lucene.document.Document lucene, Instant time, Instant ingested) {
        lucene.add(new LongPoint(TIME, time.toEpochMilli()));
        lucene.add(new NumericDocValuesField(TIME, time.toEpochMilli()));
        lucene.add(new LongPoint(INGESTED, ingested.toEpochMilli()));
        lucene.add(new NumericDocValuesField(INGESTED, ingested.toEpochMilli()));
        lucene.add(new StoredField(INGESTED, ingested.toEpochMilli()));
    }

    private static void storeIfSet(org.apache.lucene.document.Document lucene, String field, String value) {
        if (value != null) {
            lucene.add(new StoredField(field, value));
        }
    }

    /** Reads a stored document record back. */
    static Document document(StoredFields stored, int doc) throws IOException {
        org.apache.lucene.document.Document d = stored.document(doc);
        return new Document(d.get(KEY), d.get(SOURCE), d.get(LOCATION), d.get(STORED_TITLE), d.get(STORED_BODY),
                instant(d.getField(PUBLISHED)), d.get(LANGUAGE), instant(d.getField(INGESTED)),
                List.of(d.getValues(AUTHOR)), List.of(d.getValues(CATEGORY)));
    }

    /** Reads a stored alert record back. */
    static Alert alert(StoredFields stored, int doc) throws IOException {
        org.apache.lucene.document.Document d = stored.document(doc);
        List<Highlight> highlights;
        try {
            String json = d.get(HIGHLIGHTS);
            highlights = json == null ? List.of() : JSON.readValue(json, new TypeReference<List<Highlight>>() {});
        } catch (IOException e) {
            highlights = new ArrayList<>();
        }
        IndexableField score = d.getField(SCORE);
        return new Alert(d.get(KEY), instant(d.getField(INGESTED)),
                new Alert.RuleSummary(d.get(RULE), d.get(RULE_TITLE), d.get(SEVERITY)),
                new Alert.DocumentSummary(d.get(DOCUMENT), d.get(DOC_TITLE), d.get(DOC_URL), d.get(DOC_PATH), d.get(SOURCE),
                        instant(d.getField(PUBLISHED))),
                score == null ? 0 : score.numericValue().doubleValue(), highlights, d.get(SNIPPET));
    }

    private static Instant instant(IndexableField field) {
        return field == null ? null : Instant.ofEpochMilli(field.numericValue().longValue());
    }
}
