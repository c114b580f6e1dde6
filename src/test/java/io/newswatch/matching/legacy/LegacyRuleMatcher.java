package io.newswatch.matching.legacy;

import io.newswatch.matching.Fields;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.matching.Snippet;

import io.newswatch.document.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.search.Query;
import org.jboss.logging.Logger;

/**
 * Holds the compiled rules in an in-memory Lucene {@link Monitor} and tells which of them match a
 * document, best first, each with the matched words and a snippet. Monitor indexes the rules so
 * that a document is only run against rules that share a word with it, which is what keeps
 * matching fast with many thousands of rules.
 *
 * <p>Thread-safe: Monitor allows matching while rules are added or removed; a rule registered
 * before {@code match} is called takes part in it.
 *
 * <p>Memory: {@link #ruleCount()} and {@link #disjunctCount()} (Monitor splits a top-level OR into
 * separately indexed parts) are the cheap measures; the real footprint is the Query objects and
 * Monitor's small index of their words, to be measured on the heap by a benchmark.
 */
public final class LegacyRuleMatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LegacyRuleMatcher.class);

    /** Snippet size in characters, not counting the {@code …} marks. */
    public static final int DEFAULT_SNIPPET_LENGTH = 300;

    private static final Comparator<Match> BEST_FIRST =
            Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::ruleId);

    private final Monitor monitor;
    private final int snippetLength;

    public LegacyRuleMatcher() {
        this(DEFAULT_SNIPPET_LENGTH);
    }

    public LegacyRuleMatcher(int snippetLength) {
        if (snippetLength < 20) {
            throw new IllegalArgumentException("snippet length must be at least 20 characters, got " + snippetLength);
        }
        this.snippetLength = snippetLength;
        try {
            this.monitor = new Monitor(NewsAnalyzer.perField());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the in-memory rule index", e);
        }
    }

    /** Adds a rule, or replaces the rule with the same id. */
    public void register(String ruleId, Query query) {
        if (query == null) {
            throw new IllegalArgumentException("rule " + ruleId + " has no query");
        }
        register(Map.of(requireId(ruleId), query));
    }

    /** Adds or replaces many rules in one index update, much faster than one call per rule. */
    public void register(Map<String, Query> rules) {
        List<MonitorQuery> queries = new ArrayList<>(rules.size());
        for (Map.Entry<String, Query> rule : rules.entrySet()) {
            if (rule.getValue() == null) {
                throw new IllegalArgumentException("rule " + rule.getKey() + " has no query");
            }
            queries.add(new MonitorQuery(requireId(rule.getKey()), rule.getValue()));
        }
        try {
            monitor.register(queries);
        } catch (IOException e) {
            throw new UncheckedIOException("could not add " + queries.size() + " rules to the in-memory rule index", e);
        }
    }

    /** Removes a rule; removing an id that is not registered does nothing. */
    public void remove(String ruleId) {
        try {
            monitor.deleteById(requireId(ruleId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove rule " + ruleId + " from the in-memory rule index", e);
        }
    }

    public Set<String> ruleIds() {
        try {
            return Set.copyOf(monitor.getQueryIds());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the rules in the in-memory rule index", e);
        }
    }

    /** Number of registered rules. */
    public int ruleCount() {
        try {
            return monitor.getQueryCount();
        } catch (IOException e) {
            throw new UncheckedIOException("could not count the rules in the in-memory rule index", e);
        }
    }

    /** Number of indexed rule parts (a rule whose top level is an OR counts once per alternative). */
    public int disjunctCount() {
        try {
            return monitor.getDisjunctCount();
        } catch (IOException e) {
            throw new UncheckedIOException("could not count the rule parts in the in-memory rule index", e);
        }
    }

    /**
     * The rules that match the document, highest score first (rule id breaks ties). A rule that
     * fails on this document (for instance a wildcard that expands to too many words) is logged
     * and left out; the other rules still match.
     */
    public List<Match> match(Document document) {
        MatchingQueries<LegacyEvidence> found;
        try {
            found = monitor.match(Fields.toLucene(document), LegacyEvidenceMatcher.FACTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("matching document " + document.id() + " failed", e);
        }
        for (Map.Entry<String, Exception> error : found.getErrors().entrySet()) {
            LOG.warnf("rule %s could not be run against document %s: %s", error.getKey(), document.id(), error.getValue().getMessage());
        }
        String title = (document.title() == null ? "" : document.title());
        String body = (document.body() == null ? "" : document.body());
        List<Match> matches = new ArrayList<>(found.getMatchCount());
        for (LegacyEvidence evidence : found.getMatches()) {
            List<Highlight> highlights = highlights(evidence, title, body);
            matches.add(new Match(evidence.getQueryId(), document.id(), evidence.score(), highlights, snippet(highlights, title, body)));
        }
        matches.sort(BEST_FIRST);
        return matches;
    }

    /** Maps Lucene spans to the document's own title and body; a span across the title/body seam is split in two. */
    static List<Highlight> highlights(LegacyEvidence evidence, String title, String body) {
        int bodyStart = title.length() + Fields.SEPARATOR.length();
        Set<Highlight> out = new LinkedHashSet<>();
        for (LegacyEvidence.Span span : evidence.spans()) {
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

    private String snippet(List<Highlight> highlights, String title, String body) {
        if (body.isBlank()) {
            return Snippet.around(title, spansIn(highlights, Fields.TITLE), snippetLength);
        }
        return Snippet.around(body, spansIn(highlights, Fields.BODY), snippetLength);
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

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the in-memory rule index failed", e);
        }
    }
}
