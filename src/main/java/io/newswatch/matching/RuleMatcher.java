package io.newswatch.matching;

import io.newswatch.document.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.MultiMatchingQueries;
import org.apache.lucene.monitor.MultipassTermFilteredPresearcher;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.jboss.logging.Logger;

/**
 * Holds the compiled rules and tells which of them match a document, best first, each with the
 * matched words and a snippet. The rules' parts are indexed by the words they need
 * ({@link PartIndex}, the presearch index) so that a document is only run against parts that
 * share words with it, which is what keeps matching fast with many thousands of rules.
 *
 * <p>How a document is matched, and what is done once instead of per document:
 * <ul>
 *   <li>A rule whose top level is an OR is split into parts here, at registration (Lucene's
 *       {@link QueryDecomposer}, as Lucene Monitor would), and each part is rewritten once; per
 *       document a candidate part only needs its weight built. The per-document searcher has no
 *       query cache.
 *   <li>{@link PartIndex} indexes each part by the words it needs, wildcards included
 *       ({@link WildcardPrefixes}), in two passes chosen as Lucene's
 *       {@link MultipassTermFilteredPresearcher} chooses them ({@link PartPresearcher}), so a
 *       part runs only on documents holding a word of its two most selective required sides; the
 *       document's words are looked up in the index's hash maps and a candidate part is an array
 *       read (no Lucene index of the parts, no string id decoded per candidate).
 *   <li>Alias groups, wildcards and every repeated sub-expression are evaluated once per document
 *       and shared by all parts ({@link SharedIntervalsSource}), both for deciding whether a part
 *       matches and for its highlights (Lucene's {@code matches()}, asked only of matching parts).
 *   <li>A part is evaluated over the document's positions ({@link PartCheck}): whether it
 *       matches, its score (Lucene's, to the bit) and its highlights, without a Lucene weight,
 *       scorer or {@code matches()}. A part of a kind the check does not know, or a document
 *       where it cannot promise Lucene's answer, runs through Lucene as before (a part without
 *       a check is still dropped early when a required interval side is absent).
 *   <li>The presearcher is asked for every document ({@link #DEFAULT_PRESEARCH_FROM_PARTS}); a
 *       matcher built to run every part below some number of parts is for benchmarks and tests.
 *   <li>The document is analysed once into {@link DocumentIndex} (its terms hashed, each term's
 *       positions and offsets grouped, the norms and statistics Lucene's scorers read), from one
 *       analyzer pass per text ({@link Fields#toLuceneAnalysedOnce}: the stemmed field and the
 *       sentence marks are played back from the unstemmed tokens). The presearcher and the part
 *       checks read it; Lucene's {@code MemoryIndex} of the document is built only when a part must
 *       run through Lucene (no check, or a check that cannot promise Lucene's answer there).
 *   <li>The snippet text is collapsed once per document, not once per matching rule.
 * </ul>
 *
 * <p>Thread-safe: documents may be matched while rules are added or removed (each document
 * sees the presearch index as it was when its matching began); a rule registered before
 * {@code match} is called takes part in it. Several threads may match documents at once.
 *
 * <p>Memory: {@link #ruleCount()} and {@link #disjunctCount()} are the cheap measures; the real
 * footprint is the Query objects and the presearch index's word lists, measured by
 * {@code bench}.
 */
public final class RuleMatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleMatcher.class);

    /** Snippet size in characters, not counting the {@code …} marks. */
    public static final int DEFAULT_SNIPPET_LENGTH = 300;

    /**
     * Below this many rule parts every part is run against every document, without the
     * presearcher. With Lucene Monitor's rule index, asking which parts a document could match (a
     * query of all the document's words and wildcard prefixes) cost more than running a few
     * hundred parts, and the default was 400. With {@link PartIndex} (hash look-ups of the
     * document's words) presearching is cheaper than running every part even for the 115 parts of
     * the shipped rules: 10.2 instead of 115 parts run per real-news article, x1.6-2.0 the
     * documents per CPU-second, and x1.2 on the seeds (docs/benchmarks.md, round six), so the
     * presearcher is always asked. {@code bench --presearch-from} measures other thresholds.
     */
    public static final int DEFAULT_PRESEARCH_FROM_PARTS = 0;

    /**
     * Numbers the parts: a part's id is a counter in base 36 (3-4 characters for 60,000 parts),
     * unique for the matcher's life, so that a replaced part's id is never reused;
     * {@link Part#ruleId()} names the rule.
     */
    private final AtomicLong partNumbers = new AtomicLong();

    private static final Comparator<Match> BEST_FIRST =
            Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::ruleId);

    /**
     * One part of a rule as registered: its id, the query the presearch index indexes, the same
     * query rewritten once for matching, and the shared interval sources it cannot match without
     * (checked before any Lucene weight is built for it).
     */
    record Part(String id, String ruleId, Query query, Query rewritten, List<SharedIntervalsSource> required, PartCheck check) {}

    /**
     * A searcher over one empty document, where the matches decided over {@link DocumentIndex} are
     * gathered (Monitor's matcher keeps its matches per document of its searcher); nothing is
     * searched in it, and it has no query cache.
     */
    private static final IndexSearcher EMPTY_DOCUMENT = new MemoryIndex().createSearcher();

    private final PartIndex index;
    private final int snippetLength;
    private final Map<String, Part> parts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> partIdsByRule = new ConcurrentHashMap<>();
    private final IndexSearcher rewriter;
    private final Analyzer analyzer = NewsAnalyzer.perField();
    private final int presearchFromParts;
    /** Set for good once a registered part reads the sentence marks; until then documents are matched without them. */
    private volatile boolean sentenceScope;
    private final boolean partChecks;
    /** Equal checks of different parts shared (registration holds this object's lock). */
    private final PartCheck.Interner checks = new PartCheck.Interner();

    public RuleMatcher() {
        this(DEFAULT_SNIPPET_LENGTH);
    }

    public RuleMatcher(int snippetLength) {
        this(snippetLength, DEFAULT_PRESEARCH_FROM_PARTS);
    }

    /**
     * {@code presearchFromParts}: from how many registered rule parts on the presearcher picks the
     * parts to run (below, every part runs); 0 always presearches. For benchmarks; the results are
     * the same either way.
     */
    public RuleMatcher(int snippetLength, int presearchFromParts) {
        this(snippetLength, presearchFromParts, true);
    }

    /**
     * {@code partChecks}: whether a candidate part is evaluated over the document's positions
     * ({@link PartCheck}: match, score and highlights) instead of through Lucene's weight, scorer
     * and {@code matches()}; off only to measure or test against Lucene alone (the results are
     * the same, scores to the bit).
     */
    public RuleMatcher(int snippetLength, int presearchFromParts, boolean partChecks) {
        this.partChecks = partChecks;
        if (snippetLength < 20) {
            throw new IllegalArgumentException("snippet length must be at least 20 characters, got " + snippetLength);
        }
        if (presearchFromParts < 0) {
            throw new IllegalArgumentException("presearchFromParts must not be negative, got " + presearchFromParts);
        }
        this.snippetLength = snippetLength;
        this.presearchFromParts = presearchFromParts;
        try {
            this.rewriter = new IndexSearcher(new MultiReader());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the rewriting searcher", e);
        }
        this.rewriter.setQueryCache(null);
        this.index = new PartIndex(new PartPresearcher(2, 0f, TermWeightor.DEFAULT, List.of(new WildcardPrefixes())));
    }

    /** Adds a rule, or replaces the rule with the same id. */
    public void register(String ruleId, Query query) {
        if (query == null) {
            throw new IllegalArgumentException("rule " + ruleId + " has no query");
        }
        register(Map.of(requireId(ruleId), query));
    }

    /** Adds or replaces many rules in one index update, much faster than one call per rule. */
    public synchronized void register(Map<String, Query> rules) {
        List<Part> added = new ArrayList<>();
        Map<String, List<String>> newPartIds = new HashMap<>();
        List<String> replaced = new ArrayList<>();
        QueryDecomposer decomposer = new QueryDecomposer();
        SentenceFinder sentences = new SentenceFinder();
        for (Map.Entry<String, Query> rule : rules.entrySet()) {
            if (rule.getValue() == null) {
                throw new IllegalArgumentException("rule " + rule.getKey() + " has no query");
            }
            String ruleId = requireId(rule.getKey());
            List<String> ids = new ArrayList<>();
            for (Query part : decomposer.decompose(rule.getValue())) {
                String partId = Long.toString(partNumbers.incrementAndGet(), Character.MAX_RADIX);
                ids.add(partId);
                Query rewritten = rewriteOnce(part);
                PartCheck check = partChecks && rewritten != null ? PartCheck.of(rewritten, checks, this::rewriteOrFail) : null;
                // A part with a check is evaluated over positions; its rewritten query and required
                // sources are only needed on the rare document where the check cannot tell, and are
                // then made again, which saves their memory on every part. A part that reads a node
                // without a plan goes to Lucene whenever it matches: it keeps its rewritten query.
                Part registered = check == null
                        ? new Part(partId, ruleId, part, rewritten, SharedIntervalsSource.requiredBy(part), null)
                        : new Part(partId, ruleId, part, PartCheck.readsUnplannedNode(check) ? rewritten : null, List.of(), check);
                if (!sentenceScope && sentences.readsSentences(part)) {
                    sentenceScope = true;
                }
                added.add(registered);
            }
            newPartIds.put(ruleId, List.copyOf(ids));
        }
        for (Map.Entry<String, List<String>> rule : newPartIds.entrySet()) {
            List<String> old = partIdsByRule.get(rule.getKey());
            if (old != null) {
                replaced.addAll(old);
            }
        }
        // The new parts and the removal of the ones they replace become visible to matching at once.
        index.update(added, replaced);
        added.forEach(part -> parts.put(part.id(), part));
        partIdsByRule.putAll(newPartIds);
        replaced.forEach(parts::remove);
    }

    /**
     * The part rewritten as Lucene would rewrite it against the document; no rewrite here depends
     * on the document's words (prefix queries rewrite to a wrapper that expands per document), so
     * once is enough. A part that cannot be rewritten now keeps failing per document, as before.
     */
    private Query rewriteOnce(Query part) {
        try {
            return rewriter.rewrite(part);
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    private Query rewriteOrFail(Query query) {
        try {
            return rewriter.rewrite(query);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a rule; removing an id that is not registered does nothing. */
    public synchronized void remove(String ruleId) {
        List<String> ids = partIdsByRule.remove(requireId(ruleId));
        if (ids != null) {
            deleteParts(ids);
        }
    }

    private void deleteParts(List<String> ids) {
        index.update(List.of(), ids);
        ids.forEach(parts::remove);
    }

    public Set<String> ruleIds() {
        return Set.copyOf(partIdsByRule.keySet());
    }

    /** Number of registered rules. */
    public int ruleCount() {
        return partIdsByRule.size();
    }

    /** Number of indexed rule parts (a rule whose top level is an OR counts once per alternative). */
    public int disjunctCount() {
        return index.size();
    }

    /**
     * How many rule parts the presearcher lets through for this document, that is how many are
     * actually run against it (for benchmarks; matching is done in full to count them).
     */
    public int partsRun(Document document) {
        return find(document).queriesRun();
    }

    /** What matching one document found, per rule, before highlights are mapped. */
    private record Found(Collection<Evidence> matches, Map<String, Exception> errors, int queriesRun) {}

    /**
     * The document analysed once into {@link DocumentIndex}, the candidate parts evaluated over
     * its positions; a part that must run through Lucene (no check, or a check that cannot promise
     * Lucene's answer on this document) runs over a MemoryIndex of the document, built only then.
     * The matches are added in the order the parts ran, as before (a rule's score is the sum of
     * its parts' scores in that order), each part's failure kept as its error (the other parts
     * still run).
     */
    private Found find(Document document) {
        try {
            DocumentIndex words = DocumentIndex.of(luceneDocument(document));
            List<Object> decided = new ArrayList<>();
            int[] throughLucene = new int[1];
            Consumer<Part> decide = part -> {
                PartCheck.Outcome outcome = part.check() == null ? null : SharedIntervalsSource.evaluate(part.check(), words);
                if (outcome == null) {
                    decided.add(part);
                    throughLucene[0]++;
                } else if (outcome.matched()) {
                    decided.add(new Evidence(part.ruleId(), outcome.score(), outcome.spans()));
                }
            };
            int run = parts.size() < presearchFromParts ? runEveryPart(decide) : index.candidates(words, decide);
            EvidenceMatcher matcher = new EvidenceMatcher(throughLucene[0] == 0 ? EMPTY_DOCUMENT : memoryIndexOf(document), parts::get);
            for (Object part : decided) {
                if (part instanceof Evidence evidence) {
                    matcher.add(evidence);
                } else {
                    run(matcher, (Part) part);
                }
            }
            MultiMatchingQueries<Evidence> found = matcher.finish(0, run);
            return new Found(found.getMatches(0), found.getErrors(), run);
        } finally {
            SharedIntervalsSource.forgetDocument();
        }
    }

    /** A searcher over the document in Lucene's MemoryIndex, for the parts only Lucene can decide. */
    private IndexSearcher memoryIndexOf(Document document) {
        MemoryIndex memory = new MemoryIndex(true, false);
        for (org.apache.lucene.index.IndexableField field : luceneDocument(document)) {
            memory.addField(field, analyzer);
        }
        memory.freeze();
        return memory.createSearcher();
    }

    private static void run(EvidenceMatcher matcher, Part part) {
        try {
            matcher.matchPart(part);
        } catch (Exception e) {
            matcher.reportError(part.id(), e);
        }
    }

    /**
     * The document's fields, each text cut by the analyzer once ({@link Fields#toLuceneAnalysedOnce}:
     * the stemmed field and the sentence marks are played back from the unstemmed tokens, the same
     * terms, positions and offsets as the analyzer's three passes over the combined text); the
     * sentence marks ({@link Fields#SENTENCES}) only once a rule with {@code NEAR/S} or
     * {@code BEFORE/S} has been registered. The fields carry token streams: one index per document.
     */
    private org.apache.lucene.document.Document luceneDocument(Document document) {
        return Fields.toLuceneAnalysedOnce(document, sentenceScope);
    }

    /** True if the query reads the sentence marks (it has a {@code NEAR/S} or {@code BEFORE/S}). */
    static boolean readsSentences(Query query) {
        return new SentenceFinder().readsSentences(query);
    }

    /**
     * Looks for the sentence marks in queries, walking each shared interval source (an alias group,
     * a wildcard, a repeated sub-expression) once however many queries use it: a second walk cannot
     * find what the first did not, and once one is found the matcher stops asking.
     */
    private static final class SentenceFinder extends org.apache.lucene.search.QueryVisitor implements SharedIntervalsSource.OnceEach {
        private final Set<SharedIntervalsSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean found;

        boolean readsSentences(Query query) {
            found = false;
            query.visit(this);
            return found;
        }

        @Override
        public boolean firstVisit(SharedIntervalsSource source) {
            return seen.add(source);
        }

        @Override
        public org.apache.lucene.search.QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
            return this;
        }

        @Override
        public void consumeTerms(Query q, org.apache.lucene.index.Term... terms) {
            for (org.apache.lucene.index.Term term : terms) {
                found |= Fields.SENTENCES.equals(term.field());
            }
        }
    }

    /** Every registered part against the document, without asking the presearch index; returns how many ran. */
    private int runEveryPart(Consumer<Part> each) {
        int run = 0;
        for (List<String> ids : partIdsByRule.values()) {
            for (String partId : ids) {
                Part part = parts.get(partId);
                if (part == null) {
                    continue; // replaced while this document was being matched
                }
                run++;
                each.accept(part);
            }
        }
        return run;
    }

    /**
     * The rules that match the document, highest score first (rule id breaks ties). A rule that
     * fails on this document (for instance a wildcard that expands to too many words) is logged
     * and left out; the other rules still match.
     */
    public List<Match> match(Document document) {
        Found found = find(document);
        Set<String> failed = new TreeSet<>();
        for (Map.Entry<String, Exception> error : found.errors().entrySet()) {
            String ruleId = ruleOf(error.getKey());
            if (failed.add(ruleId)) {
                LOG.warnf("rule %s could not be run against document %s: %s", ruleId, document.id(), error.getValue().getMessage());
            }
        }
        String title = Fields.title(document);
        String body = Fields.body(document);
        List<Match> matches = new ArrayList<>(found.matches().size());
        String snippetText = body.isBlank() ? title : body;
        String snippetField = body.isBlank() ? Fields.TITLE : Fields.BODY;
        Snippet.Collapsed collapsed = null;
        for (Evidence evidence : found.matches()) {
            List<Highlight> highlights = highlights(evidence, title, body);
            if (collapsed == null) {
                // Collapsed once per document, not once per matching rule.
                collapsed = Snippet.Collapsed.of(snippetText);
            }
            String snippet = Snippet.around(collapsed, spansIn(highlights, snippetField), snippetLength);
            matches.add(new Match(evidence.getQueryId(), document.id(), evidence.score(), highlights, snippet));
        }
        matches.sort(BEST_FIRST);
        return matches;
    }

    /** The id of the rule a part belongs to; a part replaced since the document was matched is looked for among the rules (rare: errors only). */
    private String ruleOf(String partId) {
        Part part = parts.get(partId);
        if (part != null) {
            return part.ruleId();
        }
        return partIdsByRule.entrySet().stream().filter(e -> e.getValue().contains(partId)).map(Map.Entry::getKey)
                .findFirst().orElse("(replaced while matching, part " + partId + ")");
    }

    /** Maps Lucene spans to the document's own title and body; a span across the title/body seam is split in two. */
    static List<Highlight> highlights(Evidence evidence, String title, String body) {
        int bodyStart = title.length() + Fields.SEPARATOR.length();
        Set<Highlight> out = new LinkedHashSet<>();
        for (Evidence.Span span : evidence.spans()) {
            boolean combined = span.field().equals(Fields.TEXT) || span.field().equals(Fields.TEXT_UNSTEMMED);
            if (!combined) {
                addHighlight(out, Fields.TITLE, title, span.start(), span.end());
                continue;
            }
            if (span.start() < title.length()) {
                addHighlight(out, Fields.TITLE, title, span.start(), Math.min(span.end(), title.length()));
            }
            if (span.end() > bodyStart) {
                addHighlight(out, Fields.BODY, body, Math.max(span.start(), bodyStart) - bodyStart, span.end() - bodyStart);
            }
        }
        List<Highlight> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing((Highlight h) -> h.field().equals(Fields.TITLE) ? 0 : 1)
                .thenComparingInt(Highlight::start)
                .thenComparingInt(Highlight::end));
        return sorted;
    }

    private static void addHighlight(Set<Highlight> out, String field, String text, int start, int end) {
        int from = Math.max(0, start);
        int to = Math.min(text.length(), end);
        if (to > from) {
            out.add(new Highlight(field, text.substring(from, to), from, to));
        }
    }

    private static List<Snippet.Span> spansIn(List<Highlight> highlights, String field) {
        return highlights.stream()
                .filter(h -> h.field().equals(field))
                .map(h -> new Snippet.Span(h.start(), h.end()))
                .toList();
    }

    private static String requireId(String ruleId) {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("a rule id must not be blank");
        }
        return ruleId;
    }

    /** Nothing to release (everything is on the heap); kept so that callers may scope a matcher. */
    @Override
    public void close() {}
}
