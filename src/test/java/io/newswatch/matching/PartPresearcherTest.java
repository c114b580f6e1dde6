package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.rules.Aliases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.MultipassTermFilteredPresearcher;
import org.apache.lucene.monitor.Presearcher;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

/**
 * The presearcher picks which rule parts run on a document; it may only save work, never drop a
 * part that matches. {@link PartIndex} with {@link PartPresearcher} replaces Lucene Monitor's
 * index and Lucene's {@link MultipassTermFilteredPresearcher} and must pick exactly the same
 * parts, also after parts are replaced and removed; and with it, a presearched matcher finds
 * exactly what running every part finds.
 */
class PartPresearcherTest {
    private static final Path SEEDS = Path.of("seeds");
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus", "docs");
    private static final Path REAL_NEWS = Path.of("..", "shared", "corpus", "realnews", "docs");

    @Test
    void picksTheSamePartsAsLucenesMultipassPresearcher() throws Exception {
        List<MonitorQuery> parts = generatedParts();
        Presearcher lucenes = new MultipassTermFilteredPresearcher(2, 0f, TermWeightor.DEFAULT, List.of(new WildcardPrefixes()), Set.of());
        PartIndex ours = index(parts);
        int compared = 0;
        long candidates = 0;
        try (Monitor expected = monitor(lucenes, parts)) {
            for (Document document : documents(30)) {
                Set<String> want = candidates(expected, document);
                assertEquals(want, candidates(ours, document), document.id());
                compared++;
                candidates += want.size();
            }
        }
        assertTrue(compared >= 60, compared + " documents compared");
        assertTrue(candidates > 0 && candidates < (long) compared * parts.size() / 2,
                candidates + " candidates over " + compared + " documents and " + parts.size() + " parts");
    }

    @Test
    void anIndexWithPartsReplacedAndRemovedPicksWhatAFreshIndexOfTheSamePartsPicks() throws Exception {
        List<MonitorQuery> parts = generatedParts();
        PartIndex edited = index(parts);
        // Replace every third part (a new id, the same query), remove every fifth of the others:
        // more than half the slots end up empty, so the index renumbers them on the way.
        List<MonitorQuery> kept = new ArrayList<>();
        List<RuleMatcher.Part> readded = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            MonitorQuery part = parts.get(i);
            if (i % 3 == 0) {
                removed.add(part.getId());
                MonitorQuery again = new MonitorQuery(part.getId() + "'", part.getQuery());
                readded.add(part(again));
                kept.add(again);
            } else if (i % 5 == 0) {
                removed.add(part.getId());
            } else {
                kept.add(part);
            }
        }
        edited.update(readded, removed);
        edited.update(List.of(), kept.stream().filter(p -> p.getId().endsWith("7")).map(MonitorQuery::getId).toList());
        List<MonitorQuery> survivors = kept.stream().filter(p -> !p.getId().endsWith("7")).toList();
        assertEquals(survivors.size(), edited.size());
        PartIndex fresh = index(survivors);
        for (Document document : documents(10)) {
            assertEquals(candidates(fresh, document), candidates(edited, document), document.id());
        }
    }

    @Test
    void aPresearchedMatcherFindsWhatRunningEveryPartFinds() throws Exception {
        GeneratedRules generated = GeneratedRules.of(1_000, 42);
        RuleCompiler compiler = new RuleCompiler(generated.aliases(Aliases.NONE));
        Map<String, Query> queries = new LinkedHashMap<>();
        generated.queries().forEach((id, query) -> queries.put(id, compile(compiler, query)));
        int matches = 0;
        try (RuleMatcher presearched = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, 0);
                RuleMatcher everyPart = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, 99_999)) {
            presearched.register(queries);
            everyPart.register(queries);
            for (Document document : documents(25)) {
                List<Match> expected = everyPart.match(document);
                assertEquals(expected, presearched.match(document), document.id());
                assertTrue(presearched.partsRun(document) < everyPart.partsRun(document), "the presearcher skips parts");
                matches += expected.size();
            }
        }
        assertTrue(matches > 500, matches + " matches compared");
    }

    @Test
    void wildcardPrefixesWithAccentsAndWideCharactersLetThroughTheSamePartsOverEitherDocumentIndex() throws Exception {
        RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
        List<MonitorQuery> parts = new ArrayList<>();
        int n = 0;
        for (String query : List.of("déplo*", "pyŏng*", "troo*", "sanction*", "naïv*", "e\u0301tu*", "žlu*", "ñan*", "treat* NEAR/3 sign*")) {
            for (Query part : new QueryDecomposer().decompose(compile(compiler, query))) {
                parts.add(new MonitorQuery("w" + n++, part));
            }
        }
        PartIndex index = index(parts);
        int found = 0;
        for (String body : List.of("Troops déployées à Pyŏngyang", "東京都 news and a naïve treaty signed", "e\u0301tude 😀xy, žluťoučký ñandúes",
                "Sanctions: troop déploiement, pyŏn", "déplo troo sanctio")) {
            Document document = new Document("w-" + body.hashCode(), "test", "w.txt", "Title " + body, body, java.time.Instant.EPOCH, "en",
                    java.time.Instant.EPOCH, List.of(), List.of());
            found += candidates(index, document).size(); // asserts both paths agree
        }
        assertTrue(found > 5, found + " candidates");
    }

    private static Query compile(RuleCompiler compiler, String query) {
        try {
            return compiler.compile(query);
        } catch (io.newswatch.rules.query.QueryException e) {
            throw new AssertionError(query, e);
        }
    }

    private static List<MonitorQuery> generatedParts() throws Exception {
        GeneratedRules generated = GeneratedRules.of(1_000, 42);
        RuleCompiler compiler = new RuleCompiler(generated.aliases(Aliases.NONE));
        List<MonitorQuery> parts = new ArrayList<>();
        for (Map.Entry<String, String> rule : generated.queries().entrySet()) {
            int n = 0;
            for (Query part : new QueryDecomposer().decompose(compiler.compile(rule.getValue()))) {
                parts.add(new MonitorQuery(rule.getKey() + "/" + n++, part));
            }
        }
        return parts;
    }

    private static RuleMatcher.Part part(MonitorQuery query) {
        return new RuleMatcher.Part(query.getId(), query.getId(), query.getQuery(), null, List.of(), null);
    }

    private static PartIndex index(List<MonitorQuery> parts) {
        PartIndex index = new PartIndex(new PartPresearcher(2, 0f, TermWeightor.DEFAULT, List.of(new WildcardPrefixes())));
        index.update(parts.stream().map(PartPresearcherTest::part).toList(), List.of());
        return index;
    }

    /** The ids of the parts the index lets through for the document (none is run). */
    private static Set<String> candidates(PartIndex index, Document document) throws IOException {
        MemoryIndex memory = new MemoryIndex(true, false);
        Analyzer analyzer = NewsAnalyzer.perField();
        for (IndexableField field : Fields.toLucene(document)) {
            memory.addField(field, analyzer);
        }
        memory.freeze();
        Set<String> ids = new TreeSet<>();
        int run = index.candidates(memory.createSearcher().getIndexReader().leaves().getFirst().reader(), part -> ids.add(part.id()));
        assertEquals(ids.size(), run);
        // The matcher's own path (terms probed with the hash DocumentIndex computed) lets the same parts through, in slot order.
        List<String> own = new ArrayList<>();
        List<String> inSlotOrder = new ArrayList<>();
        index.candidates(memory.createSearcher().getIndexReader().leaves().getFirst().reader(), part -> inSlotOrder.add(part.id()));
        int ownRun = index.candidates(DocumentIndex.of(Fields.toLuceneAnalysedOnce(document, true)), part -> own.add(part.id()));
        assertEquals(inSlotOrder, own, document.id());
        assertEquals(run, ownRun, document.id());
        return ids;
    }

    private static Monitor monitor(Presearcher presearcher, List<MonitorQuery> parts) throws IOException {
        Monitor monitor = new Monitor(NewsAnalyzer.perField(), presearcher,
                new org.apache.lucene.monitor.MonitorConfiguration().setQueryDecomposer(new QueryDecomposer() {
                    @Override
                    public Set<Query> decompose(Query q) {
                        return Set.of(q);
                    }
                }));
        monitor.register(parts);
        return monitor;
    }

    /** The ids of the parts the presearcher lets through for the document (none is run). */
    private static Set<String> candidates(Monitor monitor, Document document) throws IOException {
        Set<String> ids = new TreeSet<>();
        monitor.match(Fields.toLucene(document), searcher -> new CandidateMatcher<QueryMatch>(searcher) {
            @Override
            public void matchQuery(String queryId, Query matchQuery, Map<String, String> metadata) {
                ids.add(queryId);
            }

            @Override
            public QueryMatch resolve(QueryMatch a, QueryMatch b) {
                return a;
            }
        });
        return ids;
    }

    /** The seeds and up to {@code perFolder} documents of the labelled corpus and of real news. */
    private static List<Document> documents(int perFolder) throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> documents = new ArrayList<>();
        for (Path folder : List.of(SEEDS, CORPUS, REAL_NEWS)) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> files = reader.listFiles(folder);
            for (Path file : files.subList(0, Math.min(folder == SEEDS ? files.size() : perFolder, files.size()))) {
                documents.add(reader.read(file, Instant.EPOCH));
            }
        }
        return documents;
    }
}
