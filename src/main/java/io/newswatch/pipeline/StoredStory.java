package io.newswatch.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.newswatch.alerts.Alert;
import io.newswatch.stories.StoryState;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A story as the {@code stories} state store keeps it: the clusterer's state plus what the
 * pipeline adds, the rules that matched its documents, whether it is breaking and whether it closed.
 * {@code mergedInto} is set (and {@code closed} true) once another open story absorbed it: the id of
 * that surviving story; null otherwise (and in stories stored before merging existed).
 */
public record StoredStory(StoryState state, List<String> rules, boolean breaking, boolean closed, String mergedInto) {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StoredStory {
        rules = List.copyOf(rules);
    }

    /** A story that is not merged into another. */
    public StoredStory(StoryState state, List<String> rules, boolean breaking, boolean closed) {
        this(state, rules, breaking, closed, null);
    }

    StoredStory closing() {
        return new StoredStory(state, rules, false, true, mergedInto);
    }

    /** This story's last state once the story {@code survivor} absorbed it: closed, pointing at the survivor. */
    StoredStory mergedInto(String survivor) {
        return new StoredStory(state, rules, false, true, survivor);
    }

    /** The story as an alert carries it. */
    Alert.StorySummary summary() {
        return new Alert.StorySummary(state.id(), state.title(), state.documentCount(), state.sources().size(),
                state.firstSeen(), state.lastSeen());
    }

    static Serde<StoredStory> serde() {
        return Serdes.serdeFrom(
                (topic, story) -> {
                    try {
                        return story == null ? null : JSON.writeValueAsBytes(story);
                    } catch (IOException e) {
                        throw new SerializationException("cannot write story " + story.state().id(), e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : JSON.readValue(bytes, StoredStory.class);
                    } catch (IOException e) {
                        throw new SerializationException("not a stored story: " + e.getMessage(), e);
                    }
                });
    }
}
