package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.matching.WordSetSharing;
import io.newswatch.rules.Aliases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's query as the archive runs it: part by part, with the exclusions every part shares set up
 * once. The factored form must find exactly what the parts find, with the same scores.
 */
class PartQueryTest {
    @TempDir Path dir;

    private final RuleCompiler plain = new RuleCompiler(Aliases.NONE);

    @Test
    void exclusionsEveryPartHasAreRunOnceBesideTheOrOfTheAlternatives() throws Exception {
        Query form = PartQuery.forArchive(plain.compile("((troops NEAR/3 border) OR (tanks BEFORE/2 crossed) OR embargo) AND NOT exercise AND NOT drill"));

        BooleanQuery factored = assertInstanceOf(BooleanQuery.class, form);
        List<Occur> occurs = factored.clauses().stream().map(BooleanClause::occur).toList();
        assertEquals(List.of(Occur.MUST, Occur.MUST_NOT, Occur.MUST_NOT), occurs);
        BooleanQuery alternatives = assertInstanceOf(BooleanQuery.class, factored.clauses().getFirst().query());
        assertEquals(3, alternatives.clauses().size());
        assertTrue(alternatives.clauses().stream().allMatch(c -> c.occur() == Occur.SHOULD && c.query() instanceof PartQuery));
        assertTrue(factored.clauses().stream().skip(1).allMatch(c -> c.query() instanceof PartQuery));
    }

    @Test
    void partsWithoutSharedExclusionsAreRunAsTheyAre() throws Exception {
        Query none = PartQuery.forArchive(plain.compile("(troops NEAR/3 border) OR embargo"));
        assertEquals(Set.of(), PartQuery.commonExclusions(parts(none)));
        assertTrue(((BooleanQuery) none).clauses().stream().allMatch(c -> c.occur() == Occur.SHOULD));

        Query a = exclude(new TermQuery(new Term("body", "troops")), "exercise");
        Query b = exclude(new TermQuery(new Term("body", "tanks")), "drill");
        assertEquals(Set.of(), PartQuery.commonExclusions(List.of(a, b)), "different exclusions");
        Query twoRequired = new BooleanQuery.Builder().add(new TermQuery(new Term("body", "a")), Occur.MUST)
                .add(new TermQuery(new Term("body", "b")), Occur.MUST).add(new TermQuery(new Term("body", "c")), Occur.MUST_NOT).build();
        assertEquals(Set.of(), PartQuery.commonExclusions(List.of(twoRequired, exclude(new TermQuery(new Term("body", "d")), "c"))));
        assertEquals(Set.of(new TermQuery(new Term("body", "drill"))),
                PartQuery.commonExclusions(List.of(exclude(new TermQuery(new Term("body", "x")), "drill"), b)));
    }

    @Test
    void everyShippedRuleFindsTheSameDocumentsWithTheSameScoresAsItsPartsOneByOne() throws Exception {
        RuleSet rules = new RuleLoader().load(Path.of("rules"));
        RuleCompiler compiler = new RuleCompiler(rules.aliases());
        List<Document> corpus = corpus();
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            // Three rotations of every corpus document over 30 days, committed every 40 records: many segments.
            int n = 0;
            for (int copy = 0; copy < 3; copy++) {
                for (Document d : corpus) {
                    Instant at = T0.minus(Duration.ofHours(n * 7L % 720));
                    index.put(document(String.format("g%04d", n), d.title(), ArchiveBenchmark.rotate(d.body(), copy), at), at);
                    if (++n % 40 == 0) {
                        index.commit(Map.of());
                    }
                }
            }
            index.commit(Map.of());
            int matchedRules = 0;
            for (LoadedRule rule : rules.rules()) {
                Query compiled = compiler.compile(rule.rule().query());
                Query factored = PartQuery.forArchive(compiled);
                Query oneByOne = PartQuery.eachPart(parts(compiled));
                assertTrue(PartQuery.commonExclusions(parts(compiled)).size() > 0, rule.id() + " has AND NOTs in every part");
                List<String> before = index.search(s -> allHits(s, oneByOne));
                List<String> after = index.search(s -> allHits(s, factored));
                assertEquals(before, after, rule.id());
                // Alias groups and wildcards read once per segment for all parts (WordSetSharing): the same hits and score bits,
                // over whole segments and through the newest-first page (which sets its segments up with a sharing).
                assertEquals(before, index.search(s -> allHitsSharingWords(s, factored)), rule.id() + ", word sets shared");
                assertEquals(before, index.search(s -> newestFirstPage(s, factored)), rule.id() + ", newest-first page");
                if (!before.isEmpty()) {
                    matchedRules++;
                }
            }
            assertEquals(rules.rules().size(), matchedRules, "every shipped rule matches some generated documents");
        }
    }

    /** Every hit, in index order, as "doc:score bits". */
    private static List<String> allHits(IndexSearcher shared, Query query) throws java.io.IOException {
        IndexSearcher searcher = ArchiveSearcher.withoutQueryCache(shared);
        TopDocs top = searcher.search(query, Math.max(1, searcher.getIndexReader().maxDoc()), Sort.INDEXORDER, true);
        List<String> hits = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
            hits.add(hit.doc + ":" + Float.floatToIntBits(hit.score));
        }
        return hits;
    }

    /** {@link #allHits} with every segment's scorer set up under one {@link WordSetSharing}. */
    private static List<String> allHitsSharingWords(IndexSearcher shared, Query query) throws java.io.IOException {
        try (WordSetSharing.Scope scope = new WordSetSharing().during()) {
            return allHits(shared, query);
        }
    }

    /** Every hit of a newest-first page as large as the index, as "doc:score bits" in index order. */
    private static List<String> newestFirstPage(IndexSearcher shared, Query query) throws java.io.IOException {
        IndexSearcher searcher = ArchiveSearcher.withoutQueryCache(shared);
        ScoreDoc[] page = NewestFirstPage.page(searcher, query, Math.max(1, searcher.getIndexReader().maxDoc()), null).top().scoreDocs;
        return java.util.Arrays.stream(page).sorted(java.util.Comparator.comparingInt(h -> h.doc))
                .map(hit -> hit.doc + ":" + Float.floatToIntBits(hit.score)).toList();
    }

    private static List<Query> parts(Query compiled) {
        return new ArrayList<>(new QueryDecomposer().decompose(compiled));
    }

    private static Query exclude(Query required, String word) {
        return new BooleanQuery.Builder().add(required, Occur.MUST).add(new TermQuery(new Term("body", word)), Occur.MUST_NOT).build();
    }

    private static List<Document> corpus() throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> docs = new ArrayList<>();
        for (Path file : reader.listFiles(Path.of("src/test/resources/corpus/docs"))) {
            docs.add(reader.read(file, Instant.now()));
        }
        return docs;
    }
}
