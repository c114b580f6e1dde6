package io.newswatch.pipeline;

import io.newswatch.alerts.Alert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Places a backfill's alerts in the story the archive has their document in, as live alerts are
 * placed by {@link ClusterDocuments}: the story as it stands now (from the {@code stories} store,
 * read only: the document was clustered when it arrived), and the rule's first alert on the story
 * (the {@code story-alerts} store; a backfill alert that is the rule's first there becomes it). An
 * alert whose story is not known (the archive had not read its story record) or no longer kept
 * (expired) goes out without one. Runs in the single-partition task that owns both stores.
 */
final class PlaceBackfillInStory implements Processor<String, MatchedDocument, String, RoutedAlert> {
    private ProcessorContext<String, RoutedAlert> context;
    private KeyValueStore<String, StoredStory> stories;
    private StoryAlertMarks marks;

    @Override
    public void init(ProcessorContext<String, RoutedAlert> context) {
        this.context = context;
        this.stories = context.getStateStore(AlertTopology.STORIES_STORE);
        this.marks = new StoryAlertMarks(context.getStateStore(AlertTopology.STORY_ALERTS_STORE));
    }

    @Override
    public void process(Record<String, MatchedDocument> record) {
        MatchedDocument matched = record.value();
        StoredStory story = matched.story() == null ? null : stories.get(matched.story());
        for (RoutedAlert routed : matched.alerts()) {
            Alert alert = routed.alert();
            if (story != null) {
                alert = alert.inStory(marks.place(matched.story(), story.summary(), alert), null);
            }
            context.forward(new Record<>(record.key(), new RoutedAlert(routed.topic(), alert), record.timestamp()));
        }
    }
}
