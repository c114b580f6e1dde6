package io.newswatch.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.newswatch.stories.StoryDocument;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A story as {@code newswatch.stories} and {@code /api/stories} show it (docs/stories.md).
 *
 * @param id            story id, the id of its first document
 * @param title         the first document's headline
 * @param firstSeen     when newswatch read its first document
 * @param lastSeen      when newswatch read its latest document
 * @param documentCount documents, near-duplicates included
 * @param sourceCount   distinct sources
 * @param sources       the sources in order of first appearance
 * @param rules         ids of the rules that matched any of its documents, sorted
 * @param breaking      at least N distinct sources within M minutes (NEWSWATCH_STORIES_BREAKING_*)
 * @param closed        no document joined it for the story window; it takes no more documents
 * @param documents     its documents in arrival order (the first 500)
 * @param joined        on {@code newswatch.stories}: the document whose arrival made this state, also past
 *                      the first 500 (absent when the story closed, and in {@code /api/stories})
 * @param mergedInto    set once another open story absorbed this one (the two converged into one event): the id of
 *                      the surviving story, which now holds these documents; the story is then closed. Absent otherwise
 */
public record StoryView(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount, int sourceCount,
        List<String> sources, List<String> rules, boolean breaking, boolean closed, List<Item> documents,
        @JsonInclude(JsonInclude.Include.NON_NULL) Item joined,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mergedInto) {

    public StoryView(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount, int sourceCount,
            List<String> sources, List<String> rules, boolean breaking, boolean closed, List<Item> documents) {
        this(id, title, firstSeen, lastSeen, documentCount, sourceCount, sources, rules, breaking, closed, documents, null, null);
    }

    /** One document of a story; exactly one of url and path is set; duplicateOf names the first copy. */
    public record Item(String id, String title, String source, String url, String path, Instant seen, String duplicateOf) {
        static Item of(StoryDocument d) {
            boolean url = d.location() != null && (d.location().startsWith("http://") || d.location().startsWith("https://"));
            return new Item(d.id(), d.title(), d.source(), url ? d.location() : null, url ? null : d.location(), d.time(), d.duplicateOf());
        }
    }

    public static StoryView of(StoredStory stored) {
        return of(stored, null);
    }

    /** The story as {@code newswatch.stories} carries it: with the document that joined ({@code null}: none). */
    public static StoryView of(StoredStory stored, StoryDocument joined) {
        var s = stored.state();
        return new StoryView(s.id(), s.title(), s.firstSeen(), s.lastSeen(), s.documentCount(), s.sources().size(),
                s.sources(), stored.rules(), stored.breaking(), stored.closed(),
                s.documents().stream().map(Item::of).toList(), joined == null ? null : Item.of(joined), stored.mergedInto());
    }

    public static Serde<StoryView> serde() {
        return Serdes.serdeFrom((topic, view) -> {
            try {
                return view == null ? null : StoredStory.JSON.writeValueAsBytes(view);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write story " + view.id(), e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : StoredStory.JSON.readValue(bytes, StoryView.class);
            } catch (java.io.IOException e) {
                throw new SerializationException("not a story: " + e.getMessage(), e);
            }
        });
    }
}
