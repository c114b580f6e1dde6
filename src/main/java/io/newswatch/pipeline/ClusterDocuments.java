package io.newswatch.pipeline;

import io.newswatch.alerts.Alert;
import io.newswatch.document.Document;
import io.newswatch.stories.BreakingRule;
import io.newswatch.stories.HeadlineEncoder;
import io.newswatch.stories.StoryAssignment;
import io.newswatch.stories.StoryClusterer;
import io.newswatch.stories.StoryDocument;
import io.newswatch.stories.StoryInput;
import io.newswatch.stories.StorySettings;
import io.newswatch.stories.StoryTerms;
import io.newswatch.stories.TermStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Assigns every document to a story (one task sees them all: the topology repartitions to one
 * partition first), then lets its alerts through carrying the story, except the alert of a
 * near-duplicate for a rule that already alerted on the story. Each story change is emitted for
 * {@code newswatch.stories}. State lives in three changelogged stores written in the same
 * exactly-once transaction as the alerts: stories, term statistics, and (story, rule) pairs that
 * alerted. On start the in-memory clusterer is rebuilt from them, so a restart or a move of the
 * task keeps every story and its id.
 */
final class ClusterDocuments implements Processor<String, MatchedDocument, String, StoryOutput> {
    private static final Logger LOG = Logger.getLogger(ClusterDocuments.class);
    private static final double FADED_TERM = 0.01;
    /** Stories kept decoded between documents (the store holds JSON; decoding a story on each new document cost ~9 % of a stream thread). */
    static final int DECODED_STORIES = 4_096;

    private final StorySettings settings;
    private final HeadlineEncoder encoder;
    private final BreakingRule breaking;
    private final Duration retention;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, StoryOutput> context;
    private KeyValueStore<String, StoredStory> stories;
    /** The latest value written to or read from {@link #stories} for recently touched story ids; cleared whenever the task (re)starts. */
    private final Map<String, StoredStory> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StoredStory> eldest) {
            return size() > DECODED_STORIES;
        }
    };
    private KeyValueStore<String, String> terms;
    private StoryAlertMarks marks;
    private StoryClusterer clusterer;
    private Instant latest = Instant.EPOCH;

    ClusterDocuments(StorySettings settings, HeadlineEncoder encoder, BreakingRule breaking, Duration retention, PipelineMetrics metrics) {
        this.settings = settings;
        this.encoder = encoder;
        this.breaking = breaking;
        this.retention = retention;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, StoryOutput> context) {
        this.context = context;
        this.decoded.clear();
        this.stories = context.getStateStore(AlertTopology.STORIES_STORE);
        this.terms = context.getStateStore(AlertTopology.STORY_TERMS_STORE);
        this.marks = new StoryAlertMarks(context.getStateStore(AlertTopology.STORY_ALERTS_STORE));
        TermStatistics statistics = new TermStatistics(settings.idfHalfLife());
        try (KeyValueIterator<String, String> all = terms.all()) {
            all.forEachRemaining(entry -> statistics.restore(entry.key, decodeCount(entry.value)));
        }
        clusterer = new StoryClusterer(settings, statistics, encoder);
        int open = 0;
        try (KeyValueIterator<String, StoredStory> all = stories.all()) {
            while (all.hasNext()) {
                StoredStory story = all.next().value;
                if (!story.closed()) {
                    clusterer.restore(story.state());
                    open++;
                }
                if (story.state().lastSeen().isAfter(latest)) {
                    latest = story.state().lastSeen();
                }
            }
        }
        if (open > 0) {
            LOG.infof("stories: %d open stories and %d terms restored", open, statistics.size());
        }
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    @Override
    public void process(Record<String, MatchedDocument> record) {
        Document document = record.value().document();
        StoryInput input = input(document, record.timestamp());
        Instant time = input.time();
        StoryAssignment assignment = clusterer.assign(input, record.value().meaning());
        if (time.isAfter(latest)) {
            latest = time;
        }
        saveTerms(document);
        for (String closedId : assignment.closed()) {
            StoredStory closed = story(closedId);
            if (closed != null) {
                StoredStory now = closed.closing();
                put(closedId, now);
                context.forward(new Record<>(closedId, new StoryOutput(null, now), record.timestamp()));
            }
        }
        StoredStory previous = story(assignment.storyId());
        TreeSet<String> rules = new TreeSet<>(previous == null ? List.of() : previous.rules());
        for (String absorbedId : assignment.merged()) {
            absorb(absorbedId, assignment.storyId(), rules, record.timestamp());
        }
        record.value().alerts().forEach(a -> rules.add(a.alert().rule().id()));
        StoredStory story = new StoredStory(assignment.story(), new ArrayList<>(rules),
                breaking.isBreaking(assignment.story()), false);
        put(assignment.storyId(), story);
        if (assignment.started()) {
            LOG.debugf("story %s started by document %s", assignment.storyId(), document.id());
        }
        if (story.breaking() && (previous == null || !previous.breaking())) {
            LOG.infof("story %s is breaking: %d sources, \"%s\"", story.state().id(), story.state().sources().size(), story.state().title());
        }
        Alert.StorySummary summary = story.summary();
        for (RoutedAlert routed : record.value().alerts()) {
            Alert alert = routed.alert();
            if (assignment.duplicateOf() != null && marks.alerted(assignment.storyId(), alert.rule().id())) {
                LOG.infof("alert %s not sent: document %s is a near-duplicate of %s, and rule %s already alerted on story %s",
                        alert.id(), document.id(), assignment.duplicateOf(), alert.rule().id(), assignment.storyId());
                continue;
            }
            Alert placed = alert.inStory(marks.place(assignment.storyId(), summary, alert), assignment.duplicateOf());
            LOG.infof("alert %s: rule %s matched document %s (%s), story %s (%d documents)", alert.id(), alert.rule().id(),
                    document.id(), document.location(), assignment.storyId(), summary.documents());
            context.forward(new Record<>(alert.id(), new StoryOutput(new RoutedAlert(routed.topic(), placed), null), record.timestamp()));
            metrics.alertPublished(alert.rule().id());
        }
        StoryDocument joined = new StoryDocument(document.id(), document.source(), document.title(), document.location(), time,
                assignment.duplicateOf());
        context.forward(new Record<>(assignment.storyId(), new StoryOutput(null, story, joined), record.timestamp()));
    }

    /**
     * Records that the story {@code survivor} absorbed {@code absorbedId}: the absorbed story's last state, closed and
     * pointing at the survivor, goes to the store and to {@code newswatch.stories}; its rules join the survivor's; its
     * (story, rule) alert marks are carried to the survivor where the survivor has none, so a near-duplicate still does
     * not alert twice and a notification of the survivor is an update, not a new story, for a rule that already alerted.
     */
    private void absorb(String absorbedId, String survivor, TreeSet<String> rules, long timestamp) {
        StoredStory absorbed = story(absorbedId);
        if (absorbed == null) {
            return;
        }
        rules.addAll(absorbed.rules());
        StoredStory last = absorbed.mergedInto(survivor);
        put(absorbedId, last);
        for (String rule : absorbed.rules()) {
            marks.carry(absorbedId, survivor, rule);
        }
        LOG.infof("story %s merged into story %s (%d documents)", absorbedId, survivor, absorbed.state().documentCount());
        context.forward(new Record<>(absorbedId, new StoryOutput(null, last), timestamp));
    }

    /** What the clusterer reads of a document; its time is when the daemon read it, else the record's timestamp. */
    static StoryInput input(Document document, long timestamp) {
        Instant time = document.ingested() != null ? document.ingested() : Instant.ofEpochMilli(timestamp);
        return new StoryInput(document.id(), time, document.source(), document.title(), document.body(), document.location());
    }

    private StoredStory story(String id) {
        StoredStory known = decoded.get(id);
        if (known == null) {
            known = stories.get(id);
            if (known != null) {
                decoded.put(id, known);
            }
        }
        return known;
    }

    private void put(String id, StoredStory story) {
        stories.put(id, story);
        decoded.put(id, story);
    }

    private void saveTerms(Document document) {
        TermStatistics statistics = clusterer.statistics();
        terms.put(TermStatistics.TOTAL, encodeCount(statistics.count(TermStatistics.TOTAL)));
        for (String term : StoryTerms.terms(document.title(), document.body()).keySet()) {
            TermStatistics.Count count = statistics.count(term);
            if (count != null) {
                terms.put(term, encodeCount(count));
            }
        }
    }

    /** Drops closed stories past the retention, their alert marks, and faded terms. */
    private void expire() {
        Instant cutoff = latest.minus(settings.window()).minus(retention);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, StoredStory> all = stories.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredStory> entry = all.next();
                if (entry.value.closed() && entry.value.state().lastSeen().isBefore(cutoff)) {
                    expired.add(entry.key);
                }
            }
        }
        for (String id : expired) {
            stories.delete(id);
            decoded.remove(id);
            marks.drop(id);
        }
        int faded = clusterer.statistics().forgetFaded(latest, FADED_TERM, terms::delete);
        if (!expired.isEmpty() || faded > 0) {
            LOG.debugf("stories: %d closed stories past retention and %d faded terms dropped", expired.size(), faded);
        }
    }

    static String encodeCount(TermStatistics.Count count) {
        return count.value() + " " + count.atMillis();
    }

    static TermStatistics.Count decodeCount(String text) {
        int space = text.indexOf(' ');
        return new TermStatistics.Count(Double.parseDouble(text.substring(0, space)), Long.parseLong(text.substring(space + 1)));
    }
}
