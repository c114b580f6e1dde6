package io.newswatch.stories;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clustering on words and headline meaning ({@link HeadlineEncoder}), with the real MiniLM model where it says so. */
class SemanticStoryClusteringTest {
    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

    private static StoryInput doc(String id, int minutes, String source, String title) {
        return new StoryInput(id, T0.plus(Duration.ofMinutes(minutes)), source, title, "", null);
    }

    /** Headlines about one topic get the same vector, others an orthogonal one. */
    private static final HeadlineEncoder TOPICS = headline -> {
        float[] v = new float[4];
        v[headline.contains("Oculus") || headline.contains("virtual reality") ? 0 : 1] = 1;
        return v;
    };

    @Test
    void aHeadlineThatSharesOnlyAWeakWordJoinsByMeaningButNotOnWordsOnly() {
        List<StoryInput> stream = List.of(
                doc("a1", 0, "Reuters", "Facebook to buy Oculus for $2 billion"),
                doc("x1", 1, "BBC", "Apple changes its app store rules again"),
                doc("a2", 2, "CNN", "Zuckerberg bets billions on virtual reality"));
        StoryClusterer words = new StoryClusterer(StorySettings.wordsOnly());
        StoryClusterer semantic = new StoryClusterer(StorySettings.defaults(), TOPICS);
        List<String> byWords = new ArrayList<>();
        List<String> byMeaning = new ArrayList<>();
        for (StoryInput input : stream) {
            byWords.add(words.assign(input).storyId());
            byMeaning.add(semantic.assign(input).storyId());
        }
        assertEquals(List.of("a1", "x1", "a2"), byWords, "on words only, 'billion' alone is not enough");
        assertEquals(List.of("a1", "x1", "a1"), byMeaning, "the same meaning plus a shared word joins the story");
    }

    /**
     * Sbarro headlines share one meaning (unit vector e0); "looser" headlines point partly along it (cosine 0.3 with
     * e0), like a headline of the same broad topic about another event.
     */
    private static final HeadlineEncoder LOOSE = headline -> {
        float[] v = new float[4];
        if (headline.contains("Sbarro")) {
            v[0] = 1;
        } else if (headline.startsWith("Loose:")) {
            v[0] = 0.3f;
            v[1] = (float) Math.sqrt(1 - 0.09);
        } else {
            v[2] = 1;
        }
        return v;
    };

    @Test
    void aBigStoryDoesNotAbsorbALooselyRelatedHeadlineJustBecauseItIsBig() {
        StoryInput loose = doc("p1", 100, "Food Weekly", "Loose: Pizza Hut adds a new stuffed crust pizza to its menu");
        // before round four, the size bonus (1 + 0.4 ln 40 = 2.5) pulled the loose headline into the big story
        StoryClusterer sizeAlwaysHelps = new StoryClusterer(StorySettings.defaults().withMemberSimilarity(0), LOOSE);
        StoryClustererTest.bigSbarroStory(40).forEach(sizeAlwaysHelps::assign);
        assertEquals("s0", sizeAlwaysHelps.assign(loose).storyId());

        StoryClusterer clusterer = new StoryClusterer(StorySettings.defaults(), LOOSE);
        for (StoryInput input : StoryClustererTest.bigSbarroStory(40)) {
            assertEquals("s0", clusterer.assign(input).storyId(), "the story's own coverage still joins it: " + input.title());
        }
        StoryAssignment assignment = clusterer.assign(loose);
        assertTrue(assignment.started(), "the loose headline starts its own story, it joined " + assignment.storyId());
        assertEquals(40, clusterer.story("s0").orElseThrow().documentCount());
    }

    @Test
    void aStoryKeepsItsLatestHeadlineVectorsAndARestoredClustererStillRefusesTheLooseHeadline() {
        StoryClusterer before = new StoryClusterer(StorySettings.defaults(), LOOSE);
        StoryClustererTest.bigSbarroStory(40).forEach(before::assign);
        StoryState state = before.story("s0").orElseThrow();
        assertEquals(StorySettings.DEFAULT_RECENT_DOCUMENTS, state.recent().size());
        assertEquals(127, state.recent().getLast()[0], "a unit component is kept as 127");
        assertTrue(new StoryClusterer(StorySettings.defaults(), LOOSE).assign(doc("one", 0, "X", "Sbarro shuts")).story().recent().isEmpty(),
                "a one-document story keeps no copy of its vector (its vector sum is that vector)");

        StoryClusterer after = new StoryClusterer(StorySettings.defaults(), before.statistics(), LOOSE);
        after.restore(state);
        StoryInput loose = doc("p1", 100, "Food Weekly", "Loose: Pizza Hut adds a new stuffed crust pizza to its menu");
        assertTrue(after.assign(loose).started(), "the restored story still refuses the loose headline");
        assertEquals("s0", after.assign(doc("s40", 101, "Outlet 40", "Sbarro files for bankruptcy protection again")).storyId());
    }

    @Test
    void aStoryStoredWithoutLatestHeadlineVectorsKeepsItsSizeBonus() {
        StoryClusterer before = new StoryClusterer(StorySettings.defaults(), LOOSE);
        StoryClustererTest.bigSbarroStory(40).forEach(before::assign);
        StoryState state = before.story("s0").orElseThrow();
        StoryState older = new StoryState(state.id(), state.title(), state.firstSeen(), state.lastSeen(), state.documentCount(),
                state.sources(), state.documents(), state.centroid(), state.fingerprints(), state.sequence(), state.meaning());
        StoryClusterer after = new StoryClusterer(StorySettings.defaults(), before.statistics(), LOOSE);
        after.restore(older);
        assertEquals("s0", after.assign(doc("p1", 100, "Food Weekly", "Loose: Pizza Hut adds a new stuffed crust pizza to its menu")).storyId(),
                "a story stored before the member check is scored as it was");
    }

    @Test
    void theSeedArticlesFormExactlyOneStoryWithTheDaemonsDefaults() throws Exception {
        Set<String> stories = StoryClustererTest.seedStories(new StoryClusterer(StorySettings.defaults(), MiniLmHeadlineEncoder.load().ready()));
        assertEquals(1, stories.size(), "stories: " + stories);
    }

    @Test
    void semanticSettingsWithoutAnEncoderAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoryClusterer(StorySettings.defaults()));
        assertTrue(e.getMessage().contains("headline encoder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StorySettings.defaults().withSemanticWeight(1.0));
    }

    @Test
    void theStoryKeepsTheSumOfItsHeadlineVectorsAndARestoredClustererDecidesTheSame() {
        MiniLmHeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
        List<StoryInput> stream = List.of(
                doc("a1", 0, "Reuters", "Sbarro files for bankruptcy protection for second time since 2011"),
                doc("b1", 1, "BBC", "Malaysia Airlines flight MH370 missing over South China Sea"),
                doc("a2", 2, "CNN", "Pizza chain Sbarro files for bankruptcy again"),
                doc("b2", 3, "Guardian", "Search for missing Malaysia Airlines jet widens"),
                doc("a3", 4, "WSJ", "Sbarro bankruptcy: pizza chain to close 155 restaurants"),
                doc("b3", 5, "AP", "Missing Malaysia Airlines plane: search enters fifth day"));
        StoryClusterer straight = new StoryClusterer(StorySettings.defaults(), model);
        List<String> expected = new ArrayList<>();
        for (StoryInput input : stream) {
            expected.add(straight.assign(input).storyId());
        }
        assertEquals(List.of("a1", "b1", "a1", "b1", "a1", "b1"), expected);
        float[] sum = new float[384];
        for (String title : List.of(stream.get(0).title(), stream.get(2).title(), stream.get(4).title())) {
            float[] v = model.encode(title);
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        assertArrayEquals(sum, straight.story("a1").orElseThrow().meaning(), 1e-6f);

        StoryClusterer before = new StoryClusterer(StorySettings.defaults(), model);
        List<String> actual = new ArrayList<>();
        for (StoryInput input : stream.subList(0, 3)) {
            actual.add(before.assign(input).storyId());
        }
        TermStatistics statistics = new TermStatistics(StorySettings.DEFAULT_IDF_HALF_LIFE);
        for (String term : List.of(TermStatistics.TOTAL, "sbarro", "bankruptcy", "malaysia", "airline", "missing", "file", "pizza",
                "chain", "flight", "mh370", "south", "china", "sea", "protection", "second", "time", "since", "2011", "again", "over")) {
            TermStatistics.Count count = before.statistics().count(term);
            if (count != null) {
                statistics.restore(term, count);
            }
        }
        StoryClusterer after = new StoryClusterer(StorySettings.defaults(), statistics, model);
        for (String id : List.of("a1", "b1")) {
            StoryState state = before.story(id).orElseThrow();
            after.restore(state);
        }
        for (StoryInput input : stream.subList(3, stream.size())) {
            actual.add(after.assign(input).storyId());
        }
        assertEquals(expected, actual);
    }

    @Test
    void aHeadlineVectorComputedBeforehandAssignsExactlyAsTheClustererEncodingItself() throws Exception {
        MiniLmHeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../shared/corpus/stories/stream.tsv"));
        StoryClusterer encoding = new StoryClusterer(StorySettings.defaults(), model);
        StoryClusterer given = new StoryClusterer(StorySettings.defaults(), headline -> {
            throw new AssertionError("the clusterer encoded a headline it was given the vector of: " + headline);
        });
        int joined = 0;
        for (String line : lines.subList(1, 801)) {
            String[] f = line.split("\t", -1);
            StoryInput input = new StoryInput(f[0], Instant.parse(f[1]), f[2], f[3], "", null);
            StoryAssignment expected = encoding.assign(input);
            StoryAssignment actual = given.assign(input, model.encode(StoryClusterer.headline(input)));
            assertEquals(expected.storyId(), actual.storyId(), input.id());
            assertEquals(expected.similarity(), actual.similarity(), 0.0, input.id());
            assertEquals(expected.duplicateOf(), actual.duplicateOf(), input.id());
            assertEquals(expected.closed(), actual.closed(), input.id());
            assertArrayEquals(expected.story().meaning(), actual.story().meaning(), input.id());
            joined += expected.started() ? 0 : 1;
        }
        assertTrue(joined > 100, "a stream where documents join stories: " + joined);
    }

    @Test
    void theModelGivesTheSameUnitVectorForTheSameHeadlineAndCloserVectorsForTheSameEvent() {
        MiniLmHeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
        float[] a = model.encode("Facebook to buy Oculus VR for $2 billion");
        assertArrayEquals(a, model.encode("Facebook to buy Oculus VR for $2 billion"));
        double norm = 0;
        for (float v : a) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-4);
        double same = cosine(a, model.encode("Zuckerberg's company acquires virtual reality headset maker"));
        double other = cosine(a, model.encode("Gwyneth Paltrow and Chris Martin separate"));
        assertTrue(same > other + 0.2, "same event " + same + ", other event " + other);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** Every headline means the same (two stories of one kind, say US politics): only the words tell the events apart. */
    private static final HeadlineEncoder ONE_KIND = headline -> new float[] {1, 0, 0, 0};

    @Test
    void twoStoriesOfOneKindDoNotMergeOnMeaningAloneWhenTheyShareFewWords() {
        List<StoryInput> stream = List.of(
                doc("a1", 0, "Reuters", "Senate passes farm subsidy bill"),
                doc("b1", 1, "BBC", "Governor vetoes school funding plan"),
                doc("a2", 2, "CNN", "Senate approves farm subsidy bill after long debate"),
                doc("b2", 3, "AP", "Governor rejects school funding plan in veto"),
                // joins a1's story; b1's is among its candidates (the governor) and as near by meaning: a bridge, but of words
                // the two stories share only one
                doc("c1", 4, "WSJ", "Senate farm subsidy bill passes as governor watches"));
        StoryClusterer clusterer = new StoryClusterer(StorySettings.defaults(), ONE_KIND);
        List<String> stories = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (StoryInput input : stream) {
            StoryAssignment assignment = clusterer.assign(input);
            stories.add(assignment.storyId());
            merged.addAll(assignment.merged());
        }
        assertEquals(List.of("a1", "b1", "a1", "b1", "a1"), stories);
        // their mixed similarity is above the merge similarity (the headline vectors are equal), their word cosine below
        // StorySettings.MERGE_MIN_WORD_COSINE: without that floor they merged here
        assertEquals(List.of(), merged, "two stories of one kind stay apart");
        assertEquals(2, clusterer.openStories());
    }
}
