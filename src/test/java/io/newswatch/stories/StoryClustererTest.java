package io.newswatch.stories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.document.Document;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoryClustererTest {
    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

    private static StoryInput doc(String id, int minutes, String source, String title) {
        return new StoryInput(id, T0.plus(Duration.ofMinutes(minutes)), source, title, "", null);
    }

    private static final List<StoryInput> TWO_EVENTS = List.of(
            doc("a1", 0, "Reuters", "Sbarro files for bankruptcy protection for second time since 2011"),
            doc("b1", 1, "BBC", "Malaysia Airlines flight MH370 missing over South China Sea"),
            doc("a2", 2, "CNN", "Pizza chain Sbarro files for bankruptcy again"),
            doc("b2", 3, "Guardian", "Search for missing Malaysia Airlines jet widens"),
            doc("a3", 4, "WSJ", "Sbarro bankruptcy: pizza chain to close 155 restaurants"),
            doc("b3", 5, "AP", "Missing Malaysia Airlines plane: search enters fifth day"));

    @Test
    void headlinesOfTwoEventsFormTwoStories() {
        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly());
        List<String> stories = new ArrayList<>();
        for (StoryInput input : TWO_EVENTS) {
            stories.add(clusterer.assign(input).storyId());
        }
        assertEquals(List.of("a1", "b1", "a1", "b1", "a1", "b1"), stories);
        StoryState sbarro = clusterer.story("a1").orElseThrow();
        assertEquals(3, sbarro.documentCount());
        assertEquals(List.of("Reuters", "CNN", "WSJ"), sbarro.sources());
        assertEquals(T0, sbarro.firstSeen());
        assertEquals(T0.plus(Duration.ofMinutes(4)), sbarro.lastSeen());
    }

    @Test
    void theSeedArticlesFormExactlyOneStory() throws Exception {
        Set<String> stories = seedStories(new StoryClusterer(StorySettings.wordsOnly()));
        assertEquals(1, stories.size(), "stories: " + stories);
    }

    /** The story ids the seed articles get, read as the daemon reads files and clustered in file order. */
    static Set<String> seedStories(StoryClusterer clusterer) throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        Set<String> stories = new LinkedHashSet<>();
        for (Path file : reader.listFiles(Path.of("seeds"))) {
            Document document = reader.read(file, T0);
            // the daemon clusters on the time newswatch read a document: published dates are missing or wrong too often
            stories.add(clusterer.assign(new StoryInput(document.id(), document.ingested(), document.source(),
                    document.title(), document.body(), document.location())).storyId());
        }
        return stories;
    }

    @Test
    void aNearDuplicateJoinsTheStoryAndPointsAtTheFirstCopy() {
        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly());
        String wire = "Officials said on Tuesday that the regional power grid failed after a storm damaged two "
                + "substations, leaving about 40,000 homes without electricity for most of the night";
        StoryAssignment first = clusterer.assign(new StoryInput("w1", T0, "Wire", "Storm knocks out power to 40,000 homes", wire, null));
        clusterer.assign(doc("x", 1, "Other", "Central bank raises interest rates by a quarter point"));
        StoryAssignment copy = clusterer.assign(new StoryInput("w2", T0.plusSeconds(120), "Local Paper",
                "Storm knocks out power to 40,000 homes", wire + " (updated)", null));
        StoryAssignment rewrite = clusterer.assign(new StoryInput("w3", T0.plusSeconds(180), "Broadcaster",
                "Tens of thousands without electricity after storm hits substations",
                "A storm damaged substations and the grid failed, the utility said; crews worked overnight", null));
        assertNull(first.duplicateOf());
        assertEquals("w1", copy.storyId());
        assertEquals("w1", copy.duplicateOf());
        assertEquals("w1", rewrite.storyId());
        assertNull(rewrite.duplicateOf(), "a different article on the same event is not a copy");
        StoryAssignment copyOfCopy = clusterer.assign(new StoryInput("w4", T0.plusSeconds(240), "Aggregator",
                "Storm knocks out power to 40,000 homes", wire + " (updated)", null));
        assertEquals("w1", copyOfCopy.duplicateOf(), "copies point at the first copy, never at another copy");
    }

    @Test
    void aStoryClosesWhenNothingJoinedItForTheWindow() {
        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly().withWindow(Duration.ofHours(48)));
        StoryAssignment first = clusterer.assign(doc("a1", 0, "Reuters", "Sbarro files for bankruptcy protection"));
        StoryAssignment sameDayAfter = clusterer.assign(doc("a2", 47 * 60, "CNN", "Sbarro files for bankruptcy protection again"));
        assertEquals(first.storyId(), sameDayAfter.storyId(), "47 h after the last document the story is open");
        StoryAssignment late = clusterer.assign(doc("a3", 47 * 60 + 48 * 60 + 1, "WSJ", "Sbarro files for bankruptcy protection"));
        assertEquals(List.of("a1"), late.closed());
        assertTrue(late.started());
        assertEquals("a3", late.storyId());
        assertFalse(clusterer.story("a1").isPresent());
    }

    @Test
    void theSameStreamGivesTheSameStoriesAndRestoringMidStreamChangesNothing() {
        StoryClusterer straight = new StoryClusterer(StorySettings.wordsOnly());
        List<String> expected = new ArrayList<>();
        for (StoryInput input : TWO_EVENTS) {
            expected.add(straight.assign(input).storyId());
        }
        StoryClusterer before = new StoryClusterer(StorySettings.wordsOnly());
        List<String> actual = new ArrayList<>();
        List<StoryState> states = new ArrayList<>();
        for (StoryInput input : TWO_EVENTS.subList(0, 3)) {
            actual.add(before.assign(input).storyId());
        }
        before.story("a1").ifPresent(states::add);
        before.story("b1").ifPresent(states::add);
        TermStatistics statistics = new TermStatistics(StorySettings.DEFAULT_IDF_HALF_LIFE);
        for (String term : List.of(TermStatistics.TOTAL, "sbarro", "bankruptcy", "malaysia", "airline", "missing", "file",
                "pizza", "chain", "flight", "mh370", "south", "china", "sea", "protection", "second", "time", "since", "2011", "again", "over")) {
            TermStatistics.Count count = before.statistics().count(term);
            if (count != null) {
                statistics.restore(term, count);
            }
        }
        StoryClusterer after = new StoryClusterer(StorySettings.wordsOnly(), statistics);
        states.forEach(after::restore);
        for (StoryInput input : TWO_EVENTS.subList(3, TWO_EVENTS.size())) {
            actual.add(after.assign(input).storyId());
        }
        assertEquals(expected, actual);
    }

    @Test
    void aDifferentTopicStartsItsOwnStory() {
        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly());
        String first = clusterer.assign(doc("a1", 0, "Reuters", "Sbarro files for bankruptcy protection")).storyId();
        String other = clusterer.assign(doc("c1", 1, "AP", "Apple unveils cheaper iPhone 5c with 8GB")).storyId();
        assertNotEquals(first, other);
    }

    /** One event told {@code size} times by as many outlets, a minute apart (shared with SemanticStoryClusteringTest). */
    static List<StoryInput> bigSbarroStory(int size) {
        List<String> variants = List.of("Sbarro files for bankruptcy protection again",
                "Pizza chain Sbarro seeks bankruptcy protection for second time",
                "Sbarro bankruptcy: pizza chain to close restaurants",
                "Sbarro files Chapter 11 as mall traffic falls",
                "Sbarro, the mall pizza chain, is bankrupt again");
        List<StoryInput> stream = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            stream.add(doc("s" + i, i, "Outlet " + i, variants.get(i % variants.size())));
        }
        return stream;
    }

    /** Shares only "pizza chain" with the Sbarro story: the same broad topic, another event. */
    private static final StoryInput LOOSE = doc("p1", 100, "Food Weekly", "Pizza chain Papa John's adds a stuffed crust to its menu");

    @Test
    void onWordsOnlyABigStoryDoesNotAbsorbADocumentThatSharesOnlyItsBroadWordsJustBecauseItIsBig() {
        // with the unconditional size bonus (1 + 0.5 ln 40 = 2.8), the loose headline joined the big story
        StoryClusterer sizeAlwaysHelps = new StoryClusterer(StorySettings.wordsOnly().withMemberSimilarity(0));
        bigSbarroStory(40).forEach(sizeAlwaysHelps::assign);
        assertEquals("s0", sizeAlwaysHelps.assign(LOOSE).storyId());

        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly());
        for (StoryInput input : bigSbarroStory(40)) {
            assertEquals("s0", clusterer.assign(input).storyId(), "the story's own coverage still joins it: " + input.title());
        }
        StoryAssignment assignment = clusterer.assign(LOOSE);
        assertTrue(assignment.started(), "the loose headline starts its own story, it joined " + assignment.storyId());
        assertEquals("s0", clusterer.assign(doc("s40", 101, "Outlet 40", "Sbarro, the pizza chain, files for bankruptcy")).storyId(),
                "a document close to a latest one still earns the bonus");
    }

    @Test
    void onWordsOnlyAStoryKeepsTheTermsOfItsLatestDocumentsAndARestoredClustererStillRefusesTheLooseHeadline() {
        StoryClusterer before = new StoryClusterer(StorySettings.wordsOnly());
        bigSbarroStory(40).forEach(before::assign);
        StoryState state = before.story("s0").orElseThrow();
        assertEquals(StorySettings.DEFAULT_RECENT_DOCUMENTS, state.recentTerms().size());
        assertTrue(state.recent().isEmpty(), "no headline vectors on words only");
        int[] latest = state.recentTerms().getLast();
        assertTrue(java.util.Arrays.binarySearch(latest, "sbarro".hashCode()) >= 0 && java.util.Arrays.binarySearch(latest, "mall".hashCode()) >= 0,
                "the latest document's terms are kept as sorted hashes: " + java.util.Arrays.toString(latest));
        assertTrue(new StoryClusterer(StorySettings.wordsOnly()).assign(doc("one", 0, "X", "Sbarro shuts")).story().recentTerms().isEmpty(),
                "a one-document story keeps no copy of its terms (its centroid is its terms)");

        StoryClusterer after = new StoryClusterer(StorySettings.wordsOnly(), before.statistics());
        after.restore(state);
        assertTrue(after.assign(LOOSE).started(), "the restored story still refuses the loose headline");
        assertEquals("s0", after.assign(doc("s40", 101, "Outlet 40", "Sbarro files for bankruptcy protection again")).storyId());
    }

    @Test
    void onWordsOnlyAStoryStoredWithoutLatestTermsKeepsItsSizeBonus() {
        StoryClusterer before = new StoryClusterer(StorySettings.wordsOnly());
        bigSbarroStory(40).forEach(before::assign);
        StoryState state = before.story("s0").orElseThrow();
        StoryState older = new StoryState(state.id(), state.title(), state.firstSeen(), state.lastSeen(), state.documentCount(),
                state.sources(), state.documents(), state.centroid(), state.fingerprints(), state.sequence(), state.meaning(), state.recent());
        assertTrue(older.recentTerms().isEmpty());
        StoryClusterer after = new StoryClusterer(StorySettings.wordsOnly(), before.statistics());
        after.restore(older);
        assertEquals("s0", after.assign(LOOSE).storyId(), "a story stored before round five is scored as it was");
    }

    /** Two fragments of one event (Apple's March 2014 line-up change) that later coverage bridges. */
    private static final List<StoryInput> CONVERGING = List.of(
            doc("x1", 0, "Reuters", "Apple launches cheaper 8GB iPhone 5c"),
            doc("y1", 1, "BBC", "Apple discontinues iPad 2, brings back iPad 4"),
            doc("x2", 2, "CNN", "Apple unveils cheaper 8GB version of the iPhone 5c"),
            doc("y2", 3, "AP", "Apple kills iPad 2 and revives iPad 4 with Retina display"),
            doc("z1", 4, "WSJ", "Apple cuts iPhone 5c price, kills iPad 2 for iPad 4"),
            doc("z2", 5, "Verge", "Apple refreshes its lineup: cheaper iPhone 5c, iPad 4 replaces iPad 2"),
            doc("z3", 6, "Engadget", "Cheaper 8GB iPhone 5c arrives as Apple kills iPad 2"),
            doc("z4", 7, "Mashable", "Apple's cheaper 8GB iPhone 5c and iPad 4 return"));

    private static final StorySettings MERGING = StorySettings.wordsOnly().withMergeSimilarity(0.3);

    @Test
    void twoOpenStoriesThatConvergeMergeIntoTheOlderOneWhoseIdSurvives() {
        StoryClusterer separate = new StoryClusterer(MERGING.withMergeSimilarity(0));
        CONVERGING.forEach(separate::assign);
        assertTrue(separate.story("x1").isPresent() && separate.story("y1").isPresent(), "without merging the fragments stay apart");

        StoryClusterer clusterer = new StoryClusterer(MERGING);
        List<String> merged = new ArrayList<>();
        String mergingDocument = null;
        for (StoryInput input : CONVERGING) {
            StoryAssignment assignment = clusterer.assign(input);
            if (!assignment.merged().isEmpty()) {
                merged.addAll(assignment.merged());
                mergingDocument = input.id();
                assertEquals("x1", assignment.storyId(), "the older story survives");
                assertEquals(assignment.story().documentCount(), clusterer.story("x1").orElseThrow().documentCount());
            }
        }
        assertEquals(List.of("y1"), merged);
        assertEquals("z3", mergingDocument);
        assertFalse(clusterer.story("y1").isPresent(), "the absorbed story is no longer open");
        StoryState survivor = clusterer.story("x1").orElseThrow();
        assertEquals(CONVERGING.size(), survivor.documentCount());
        assertEquals(List.of("x1", "y1", "x2", "y2", "z1", "z2", "z3", "z4"),
                survivor.documents().stream().map(StoryDocument::id).toList(), "the documents of both, in time order");
        assertEquals(Set.of("Reuters", "BBC", "CNN", "AP", "WSJ", "Verge", "Engadget", "Mashable"), Set.copyOf(survivor.sources()));
        assertEquals(1, clusterer.openStories());
    }

    @Test
    void unrelatedStoriesDoNotMerge() {
        StoryClusterer clusterer = new StoryClusterer(MERGING);
        for (StoryInput input : TWO_EVENTS) {
            assertEquals(List.of(), clusterer.assign(input).merged());
        }
        assertEquals(2, clusterer.openStories());
    }

    @Test
    void aClustererRestoredJustBeforeTheMergeMergesTheSameStories() {
        StoryClusterer straight = new StoryClusterer(MERGING);
        List<String> expected = new ArrayList<>();
        for (StoryInput input : CONVERGING) {
            StoryAssignment assignment = straight.assign(input);
            expected.add(assignment.storyId() + " " + assignment.merged());
        }
        StoryClusterer before = new StoryClusterer(MERGING);
        List<String> actual = new ArrayList<>();
        for (StoryInput input : CONVERGING.subList(0, 6)) {
            StoryAssignment assignment = before.assign(input);
            actual.add(assignment.storyId() + " " + assignment.merged());
        }
        TermStatistics statistics = new TermStatistics(StorySettings.DEFAULT_IDF_HALF_LIFE);
        Set<String> terms = new java.util.TreeSet<>(List.of(TermStatistics.TOTAL));
        CONVERGING.forEach(input -> terms.addAll(StoryTerms.terms(input.title(), input.body()).keySet()));
        for (String term : terms) {
            TermStatistics.Count count = before.statistics().count(term);
            if (count != null) {
                statistics.restore(term, count);
            }
        }
        StoryClusterer after = new StoryClusterer(MERGING, statistics);
        before.story("x1").ifPresent(after::restore);
        before.story("y1").ifPresent(after::restore);
        for (StoryInput input : CONVERGING.subList(6, CONVERGING.size())) {
            StoryAssignment assignment = after.assign(input);
            actual.add(assignment.storyId() + " " + assignment.merged());
        }
        assertEquals(expected, actual);
        StoryState expectedStory = straight.story("x1").orElseThrow();
        StoryState restoredStory = after.story("x1").orElseThrow();
        assertEquals(expectedStory.centroid(), restoredStory.centroid());
        assertEquals(expectedStory.documents(), restoredStory.documents());
    }

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorySettings.wordsOnly().withWindow(Duration.ZERO));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StorySettings.wordsOnly().withThreshold(1.5));
        e = assertThrows(IllegalArgumentException.class, () -> StorySettings.defaults().withMemberSimilarity(1.2));
        assertTrue(e.getMessage().contains("member similarity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StorySettings.defaults().withRecentDocuments(0));
        assertTrue(e.getMessage().contains("recent documents"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StorySettings.defaults().withMergeSimilarity(1.5));
        assertTrue(e.getMessage().contains("merge similarity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StorySettings.wordsOnly().withMergeSimilarity(Double.NaN));
        assertTrue(e.getMessage().contains("merge similarity"), e.getMessage());
    }
}
