package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.rules.Aliases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Every interval node the compiler gives a plan must yield, evaluated over the document's
 * positions, exactly what Lucene's own iterator for that node yields (same intervals, order, gaps
 * and widths, or the same failure), on real documents with the shipped and 1,000 generated rules;
 * and a node without a plan (an operator the evaluator does not know) is still evaluated by Lucene
 * and read by the plans above it.
 */
class PositionEvaluatorTest {
    private static final Path SEEDS = Path.of("seeds");
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus", "docs");
    private static final Path REAL_NEWS = Path.of("..", "shared", "corpus", "realnews", "docs");

    @Test
    void everyPlannedNodeGivesLucenesIntervalsWithTheShippedRules() throws Exception {
        RuleSet loaded = new RuleLoader().load(Path.of("rules"));
        RuleCompiler compiler = new RuleCompiler(loaded.aliases());
        for (LoadedRule rule : loaded.rules()) {
            compiler.compile(rule.rule().query());
        }
        assertSameAsLucene(compiler, List.of(SEEDS, CORPUS), Integer.MAX_VALUE);
    }

    @Test
    void everyPlannedNodeGivesLucenesIntervalsWithGeneratedRules() throws Exception {
        GeneratedRules rules = GeneratedRules.of(1_000, 42);
        RuleCompiler compiler = new RuleCompiler(rules.aliases(Aliases.NONE));
        for (String query : rules.queries().values()) {
            compiler.compile(query);
        }
        assertSameAsLucene(compiler, List.of(SEEDS, CORPUS), 60);
    }

    /**
     * The whole matcher, plans and part checks on and off: the same rules, scores (to the bit),
     * highlights and snippets.
     */
    @Test
    void sameMatchesScoresAndHighlightsWithAndWithoutPositionPlans() throws Exception {
        RuleSet loaded = new RuleLoader().load(Path.of("rules"));
        Map<String, String> shipped = new java.util.LinkedHashMap<>();
        loaded.rules().forEach(r -> shipped.put(r.id(), r.rule().query()));
        GeneratedRules generated = GeneratedRules.of(1_000, 42);
        int matches = assertSameMatches(loaded.aliases(), shipped, List.of(SEEDS, CORPUS), Integer.MAX_VALUE)
                + assertSameMatches(generated.aliases(Aliases.NONE), generated.queries(), List.of(SEEDS, CORPUS), 40);
        assertTrue(matches > 500, matches + " matches compared");
    }

    private static int assertSameMatches(Aliases aliases, Map<String, String> queries, List<Path> folders, int perFolder) throws Exception {
        RuleCompiler withPlans = new RuleCompiler(aliases, true);
        RuleCompiler luceneOnly = new RuleCompiler(aliases, false);
        DocumentFileReader reader = new DocumentFileReader();
        int matches = 0;
        try (RuleMatcher planned = new RuleMatcher();
                RuleMatcher lucene = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, false)) {
            Map<String, org.apache.lucene.search.Query> a = new java.util.LinkedHashMap<>();
            Map<String, org.apache.lucene.search.Query> b = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> rule : queries.entrySet()) {
                a.put(rule.getKey(), withPlans.compile(rule.getValue()));
                b.put(rule.getKey(), luceneOnly.compile(rule.getValue()));
            }
            planned.register(a);
            lucene.register(b);
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                List<Path> files = reader.listFiles(folder);
                for (Path file : files.subList(0, Math.min(perFolder, files.size()))) {
                    Document document = reader.read(file, Instant.EPOCH);
                    List<Match> expected = lucene.match(document);
                    assertEquals(expected, planned.match(document), file.toString());
                    matches += expected.size();
                }
            }
        }
        return matches;
    }

    /**
     * Every rule part, evaluated over positions ({@link PartCheck}), against Lucene's own weight
     * for the part as rewritten: the same decision, the same score to the bit and the same
     * highlight spans, on the seeds, the labelled corpus and real news, with the shipped and 1,000
     * generated rules; and the evaluation decides nearly every matching part itself (at most one in
     * 20 left to Lucene, for instance a NEAR of a word with itself; never a different answer),
     * sentence-scoped parts ({@code NEAR/S}, {@code BEFORE/nS}: treaty's) included.
     */
    @Test
    void everyPartScoresAndHighlightsAsLuceneDoes() throws Exception {
        RuleSet loaded = new RuleLoader().load(Path.of("rules"));
        Map<String, String> shipped = new java.util.LinkedHashMap<>();
        loaded.rules().forEach(r -> shipped.put(r.id(), r.rule().query()));
        GeneratedRules generated = GeneratedRules.of(1_000, 42);
        List<Path> folders = List.of(SEEDS, CORPUS, REAL_NEWS);
        int[] shippedCounts = assertPartsAsLucene(loaded.aliases(), shipped, folders, Integer.MAX_VALUE, 400);
        int[] generatedCounts = assertPartsAsLucene(generated.aliases(Aliases.NONE), generated.queries(), folders, 40, 60);
        for (int[] counts : List.of(shippedCounts, generatedCounts)) {
            assertTrue(counts[0] > 300, counts[0] + " matching parts compared");
            assertTrue(counts[1] <= counts[0] / 20, counts[1] + " of " + counts[0] + " matching parts left to Lucene");
        }
        assertTrue(shippedCounts[2] > 100, shippedCounts[2] + " matching sentence-scoped parts decided over positions");
        System.out.printf("parts evaluated over positions: shipped %d matching (%d sentence-scoped), %d left to Lucene; generated %d, %d%n",
                shippedCounts[0], shippedCounts[2], shippedCounts[1], generatedCounts[0], generatedCounts[1]);
    }

    /** Matching parts compared, how many of them the evaluation left to Lucene, and how many of those compared are sentence-scoped. */
    private static int[] assertPartsAsLucene(Aliases aliases, Map<String, String> queries, List<Path> folders, int perFolder,
            int realNews) throws Exception {
        return assertPartsAsLucene(aliases, queries, read(folders, perFolder, realNews));
    }

    /** The first documents of each folder there is ({@code realNews} of the real-news folder, {@code perFolder} of the others), named by their file names. */
    private static List<Document> read(List<Path> folders, int perFolder, int realNews) throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> documents = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files = reader.listFiles(folder);
            int limit = folder.equals(REAL_NEWS) ? realNews : perFolder;
            for (Path file : files.subList(0, Math.min(limit, files.size()))) {
                Document read = reader.read(file, Instant.EPOCH);
                documents.add(new Document(file.getFileName().toString(), read.source(), read.location(), read.title(), read.body(),
                        read.published(), read.language(), read.ingested(), read.authors(), read.categories()));
            }
        }
        return documents;
    }

    /** The same over these documents (named by their ids in the differences). */
    private static int[] assertPartsAsLucene(Aliases aliases, Map<String, String> queries, List<Document> documents) throws Exception {
        RuleCompiler compiler = new RuleCompiler(aliases);
        org.apache.lucene.search.IndexSearcher rewriter = new org.apache.lucene.search.IndexSearcher(new org.apache.lucene.index.MultiReader());
        PartCheck.Interner interner = new PartCheck.Interner();
        List<org.apache.lucene.search.Query> rewrittenParts = new ArrayList<>();
        List<PartCheck> checks = new ArrayList<>();
        for (String query : queries.values()) {
            for (org.apache.lucene.search.Query part : new org.apache.lucene.monitor.QueryDecomposer().decompose(compiler.compile(query))) {
                org.apache.lucene.search.Query rewritten = rewriter.rewrite(part);
                rewrittenParts.add(rewritten);
                checks.add(PartCheck.of(rewritten, interner, q -> {
                    try {
                        return rewriter.rewrite(q);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
        }
        assertTrue(checks.stream().filter(java.util.Objects::nonNull).count() >= checks.size() * 0.99,
                "nearly every part has a check");
        List<String> differences = new ArrayList<>();
        int compared = 0;
        int leftToLucene = 0;
        int sentenceScoped = 0;
        for (Document document : documents) {
            org.apache.lucene.search.IndexSearcher searcher = searcher(document);
            LeafReaderContext ctx = searcher.getIndexReader().leaves().getFirst();
            try {
                for (int i = 0; i < checks.size(); i++) {
                    if (checks.get(i) == null) {
                        continue;
                    }
                    PartCheck.Outcome outcome = SharedIntervalsSource.evaluate(checks.get(i), searcher, ctx);
                    org.apache.lucene.search.Weight weight = searcher.createWeight(rewrittenParts.get(i),
                            org.apache.lucene.search.ScoreMode.COMPLETE, 1f);
                    org.apache.lucene.search.Scorer scorer = weight.scorer(ctx);
                    boolean matched = scorer != null && scorer.iterator().nextDoc() == 0;
                    if (matched) {
                        compared++;
                    }
                    if (outcome == null) {
                        leftToLucene += matched ? 1 : 0;
                        continue;
                    }
                    if (matched && RuleMatcher.readsSentences(rewrittenParts.get(i))) {
                        sentenceScoped++;
                    }
                    String where = document.id() + " " + rewrittenParts.get(i);
                    if (outcome.matched() != matched) {
                        differences.add(where + ": lucene " + matched + ", positions " + outcome.matched());
                    } else if (matched) {
                        float score = scorer.score();
                        java.util.Set<Evidence.Span> spans = EvidenceMatcher.spans(weight.matches(ctx, 0));
                        if (Float.floatToIntBits(score) != Float.floatToIntBits(outcome.score())) {
                            differences.add(where + ": score lucene " + score + ", positions " + outcome.score());
                        } else if (!spans.equals(outcome.spans())) {
                            differences.add(where + ": spans lucene " + spans + ", positions " + outcome.spans());
                        }
                    }
                }
            } finally {
                SharedIntervalsSource.forgetDocument();
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences; first ones:\n" + String.join("\n", differences.subList(0, Math.min(5, differences.size()))));
        }
        return new int[] {compared, leftToLucene, sentenceScoped};
    }

    /**
     * The sentence scope over positions on the cases that decide it: a pair inside one sentence,
     * touching its first or last word, reaching into the next sentence or across three; a document
     * of one sentence (no marks of the second parity), title and body, title scope, a bounded
     * scope, groups and wildcards as sides, repeated words (the ordered search's minimal
     * intervals), a sentence scope nested in another; and the same node in title and text scope
     * (equal Lucene sources, different fields), which must not stand for each other. Every node has
     * a plan, yields Lucene's intervals, and every part Lucene's decision, score to the bit and
     * highlights.
     */
    @Test
    void sentenceScopedNodesGiveLucenesIntervalsScoresAndHighlights() throws Exception {
        Aliases aliases = new Aliases(Map.of(
                "treaty", List.of("treaty", "pact", "\"accord\"", "protocol*", "arms treaty"),
                "state", List.of("russia", "germany", "united states", "\"US\"")));
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        List<String> rules = List.of("treaty NEAR/S russia", "russia BEFORE/S treaty", "treaty BEFORE/S russia",
                "russia NEAR/3S treaty", "russia BEFORE/6S treaty", "@treaty NEAR/S @state", "@state BEFORE/8S @treaty",
                "title:(treaty NEAR/S russia)", "(treaty NEAR/S russia) NEAR/5 signed", "(@state NEAR/4S signed) NEAR/10S @treaty",
                "treaty NEAR/S russia AND NOT germany", "title:(russia NEAR/4 treaty)", "russia NEAR/4 treaty", "(treaty NEAR/2S russia) OR (pact NEAR/S germany)", "ratif* NEAR/S @treaty",
                "(treaty NEAR/S russia) NOT/S germany", "((@state NEAR/4S signed) OR (russia NEAR/5 treaty)) NOT/S (pact OR ratif*)",
                "(@treaty NEAR/8S @state) NOT/S (signed BEFORE/3 @state) NOT/S \"US\"");
        for (int i = 0; i < rules.size(); i++) {
            queries.put("rule" + i, rules.get(i));
        }
        List<String> bodies = List.of(
                "Russia signed the treaty.",
                "Treaty talks. Russia signed. The treaty holds.",
                "Russia objected. The treaty was signed anyway. Russia, the treaty and Germany agree.",
                "The treaty, the pact and the accord. Russia ratified the treaty with Russia and the United States signed it.",
                "Russia. Treaty. Russia treaty. Treaty Russia! Germany pact? Pact Germany.",
                "Long before, Russia had said nothing; then Russia ratified a protocol and the treaty, signed by Germany and the US, was in force.",
                "Russia treaty russia treaty russia. The arms treaty was ratified by Russia and Germany, then Russia signed the arms treaty again.");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            documents.add(document("doc" + i, i % 2 == 0 ? "Russia signs arms treaty" : "A report", bodies.get(i)));
        }
        documents.add(document("title-only", "Russia and Germany sign the treaty", ""));

        RuleCompiler compiler = new RuleCompiler(aliases);
        for (String query : rules) {
            compiler.compile(query);
        }
        assertTrue(compiler.sharedSources().stream().filter(n -> n.toString().contains("NOT_CONTAINING")).allMatch(SharedIntervalsSource::hasPlan),
                "every sentence-scoped node has a plan");
        assertSameAsLucene(compiler, documents);
        int[] counts = assertPartsAsLucene(aliases, queries, documents);
        assertEquals(0, counts[1], "no matching part left to Lucene");
        assertTrue(counts[2] >= 30, counts[2] + " matching sentence-scoped parts compared");
    }

    /**
     * A side ordered with itself ({@code x BEFORE/2 x}, {@code x NEAR/3 x}), which Lucene turns into
     * a repeat of the side with widths of its own (and, for a phrase, different widths in its
     * iterator and its {@code matches()}): the same intervals, gaps and widths as Lucene's, read by
     * the nodes above it (a sentence scope, a NEAR), with the same scores and highlights, no
     * matching part left to Lucene.
     */
    @Test
    void aSideOrderedWithItselfGivesLucenesIntervalsScoresAndHighlights() throws Exception {
        Aliases aliases = new Aliases(Map.of(
                "state", List.of("russia", "germany", "united states", "\"south korea\"", "franc*"),
                "pact", List.of("treaty", "pact", "\"arms accord\"")));
        List<String> rules = List.of("@state BEFORE/2 @state", "(@state BEFORE/2 @state) NEAR/4S @pact",
                "((@state OR pact) BEFORE/2 (@state OR pact)) NEAR/8S signed", "@state NEAR/3 @state",
                "(russia BEFORE/1 russia) OR (\"united states\" BEFORE/3 \"united states\")", "@state BEFORE/S @state",
                "@state NEAR/2S @state", "(@pact NEAR/S @pact) NEAR/5 signed",
                "signed AND (@pact BEFORE/4 @pact)", "(@state BEFORE/2 @state) NEAR/6 (@pact NEAR/2 @pact)");
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            queries.put("rule" + i, rules.get(i));
        }
        List<String> bodies = List.of(
                "Russia and Germany signed the treaty.",
                "The United States and South Korea signed a pact; Russia, Germany and France objected.",
                "United States, United States: the arms accord and the treaty. Russia Russia Russia signed.",
                "France and the United States and South Korea and Germany. The pact was signed. A treaty pact treaty.",
                "South Korea south korea South Korea signed an arms accord with the United States and an arms accord with Russia.",
                "Russia signed. Germany signed. The treaty, the pact, the arms accord: all signed by France and French envoys.");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            documents.add(document("doc" + i, i % 2 == 0 ? "Russia and Germany sign a pact" : "A report", bodies.get(i)));
        }
        RuleCompiler compiler = new RuleCompiler(aliases);
        for (String query : rules) {
            compiler.compile(query);
        }
        assertTrue(compiler.sharedSources().stream().filter(n -> n.toString().contains("ORDERED(")).allMatch(SharedIntervalsSource::hasPlan),
                "every side ordered with itself has a plan: " + compiler.sharedSources());
        assertSameAsLucene(compiler, documents);
        int[] counts = assertPartsAsLucene(aliases, queries, documents);
        assertEquals(0, counts[1], "no matching part left to Lucene");
        assertTrue(counts[0] >= 30, counts[0] + " matching parts compared");
    }

    @Test
    void aNodeWithoutAPlanIsEvaluatedByLuceneAndReadByThePlansAboveIt() throws Exception {
        String field = Fields.TEXT;
        // Lucene's unordered conjunction: no rule-language node compiles to it, so no plan knows it.
        SharedIntervalsSource unknown = SharedIntervalsSource.of(
                Intervals.unordered(Intervals.term("troop"), Intervals.term("border")), field);
        SharedIntervalsSource word = SharedIntervalsSource.of(Intervals.term("sent"), field,
                new PositionEvaluator.Words(field, new BytesRef[] {new BytesRef("sent")}));
        SharedIntervalsSource near = SharedIntervalsSource.of(
                Intervals.maxgaps(3, Intervals.ordered(word, unknown)), field,
                new PositionEvaluator.Ordered(List.of(new PositionEvaluator.Shared(word), new PositionEvaluator.Shared(unknown)), 3));
        assertFalse(unknown.hasPlan());
        LeafReaderContext ctx = index(document("Moscow sent troops to the border; the border troops were sent back."));
        try {
            List<String> lucene = near.intervalsForTest(ctx, true);
            assertEquals(lucene, near.intervalsForTest(ctx, false));
            assertFalse(lucene.isEmpty(), "'sent troops to the border' is one interval");
        } finally {
            SharedIntervalsSource.forgetDocument();
        }
    }

    /**
     * A part whose match needs Lucene whatever the document (it reads a node with no plan below
     * it: an operator the evaluator does not know, here Lucene's unordered conjunction under a
     * NEAR) is known at registration, so the matcher can keep its rewritten query for the
     * fallback; a part planned all the way down (sides ordered with themselves included) is not.
     */
    @Test
    void aPartReadingANodeWithoutAPlanIsKnownAtRegistration() throws Exception {
        RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
        org.apache.lucene.search.IndexSearcher rewriter = new org.apache.lucene.search.IndexSearcher(new org.apache.lucene.index.MultiReader());
        java.util.function.Function<org.apache.lucene.search.Query, PartCheck> check = query -> {
            try {
                return PartCheck.of(rewriter.rewrite(query), new PartCheck.Interner(), q -> q);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String field = Fields.TEXT;
        SharedIntervalsSource unknown = SharedIntervalsSource.of(Intervals.unordered(Intervals.term("troop"), Intervals.term("border")), field);
        SharedIntervalsSource word = SharedIntervalsSource.of(Intervals.term("sent"), field,
                new PositionEvaluator.Words(field, new BytesRef[] {new BytesRef("sent")}));
        SharedIntervalsSource near = SharedIntervalsSource.of(Intervals.maxgaps(3, Intervals.ordered(word, unknown)), field,
                new PositionEvaluator.Ordered(List.of(new PositionEvaluator.Shared(word), new PositionEvaluator.Shared(unknown)), 3));
        assertTrue(PartCheck.readsUnplannedNode(check.apply(new org.apache.lucene.queries.intervals.IntervalQuery(field, near))));
        assertFalse(PartCheck.readsUnplannedNode(check.apply(new org.apache.lucene.queries.intervals.IntervalQuery(field, word))));
        assertFalse(PartCheck.readsUnplannedNode(check.apply(compiler.compile("((russia OR germany) BEFORE/2 (russia OR germany)) NEAR/4S treaty"))));
        assertFalse(PartCheck.readsUnplannedNode(check.apply(compiler.compile("pact AND ((russia OR germany) NEAR/S (russia OR germany))"))));
        assertFalse(PartCheck.readsUnplannedNode(check.apply(compiler.compile("(russia BEFORE/2 germany) NEAR/4S treaty"))));
        assertFalse(PartCheck.readsUnplannedNode(check.apply(compiler.compile("pact AND NOT \"arms control\""))));
    }

    @Test
    void aWildcardPastLucenesExpansionLimitFailsAsLuceneFailsIt() throws Exception {
        String field = Fields.TEXT_UNSTEMMED;
        IntervalsSource lucenePrefix = Intervals.fixField(field, Intervals.prefix(new BytesRef("ab"), 3));
        SharedIntervalsSource prefix = SharedIntervalsSource.of(lucenePrefix, Fields.TEXT,
                new PositionEvaluator.Prefix(field, new BytesRef("ab"), 3));
        LeafReaderContext few = index(document("abc abd abe then more abc"));
        try {
            List<String> lucene = prefix.intervalsForTest(few, true);
            assertEquals(4, lucene.size(), "abc, abd, abe and abc again: " + lucene);
            assertEquals(lucene, prefix.intervalsForTest(few, false));
        } finally {
            SharedIntervalsSource.forgetDocument();
        }
        LeafReaderContext many = index(document("abc abd abe abf"));
        try {
            assertEquals(List.of("failed: IllegalStateException"), prefix.intervalsForTest(many, false));
        } finally {
            SharedIntervalsSource.forgetDocument();
        }
    }

    private static void assertSameAsLucene(RuleCompiler compiler, List<Path> folders, int perFolder) throws Exception {
        List<Document> documents = read(folders, perFolder, perFolder);
        long intervals = assertSameAsLucene(compiler, documents);
        assertTrue(documents.size() > 10 && intervals > 1000, documents.size() + " documents, " + intervals + " intervals compared");
    }

    /** Every node against Lucene on these documents; the number of intervals compared. */
    private static long assertSameAsLucene(RuleCompiler compiler, List<Document> documents) {
        Collection<SharedIntervalsSource> nodes = compiler.sharedSources();
        long planned = nodes.stream().filter(SharedIntervalsSource::hasPlan).count();
        assertTrue(planned > nodes.size() * 0.9, planned + " of " + nodes.size() + " nodes have a plan");
        List<String> differences = new ArrayList<>();
        long intervals = 0;
        for (Document document : documents) {
            LeafReaderContext ctx = index(document);
            try {
                for (SharedIntervalsSource node : nodes) {
                    List<String> expected = node.intervalsForTest(ctx, true);
                    List<String> actual = node.intervalsForTest(ctx, false);
                    intervals += expected.size();
                    if (!expected.equals(actual) && differences.size() < 5) {
                        differences.add(document.id() + " " + node + ":\n    lucene: " + expected + "\n    plan:   " + actual);
                    }
                }
            } finally {
                SharedIntervalsSource.forgetDocument();
            }
        }
        if (!differences.isEmpty()) {
            fail(String.join("\n", differences));
        }
        return intervals;
    }

    private static Document document(String body) {
        return document("doc", "A report", body);
    }

    private static Document document(String id, String title, String body) {
        return new Document(id, "test", "test.txt", title, body, Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
    }

    private static LeafReaderContext index(Document document) {
        return searcher(document).getIndexReader().leaves().getFirst();
    }

    /** A searcher over the document alone, as the matcher builds it (no query cache). */
    private static org.apache.lucene.search.IndexSearcher searcher(Document document) {
        MemoryIndex index = new MemoryIndex(true, false);
        for (IndexableField field : Fields.toLucene(document)) {
            index.addField(field, NewsAnalyzer.perField());
        }
        index.freeze();
        org.apache.lucene.search.IndexSearcher searcher = index.createSearcher();
        searcher.setQueryCache(null);
        return searcher;
    }
}
