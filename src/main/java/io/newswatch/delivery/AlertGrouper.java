package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Groups alerts per (recipient, rule, story) the way Prometheus Alertmanager groups per label set, so a
 * burst of matches becomes one message instead of a flood, and a story one notification and then
 * updates instead of one line per article: the first alert of a group waits {@code groupWait} for
 * others; after a group has been sent, alerts that arrive are held until {@code groupInterval} has
 * passed since that send. A group that stays empty for a whole interval is closed, and the next
 * alert opens a new one (which again waits {@code groupWait}, never less than the interval).
 *
 * <p>Pure and single-threaded: time is passed in, so tests drive it without sleeping.
 */
public final class AlertGrouper {

    /**
     * What alerts are grouped by: recipient, rule and story, so a recipient gets one notification when a
     * story first matches a rule and then at most one update per interval for it.
     *
     * @param storyId the alerts' story ({@code ""} for alerts without one, which group per rule as before stories)
     */
    public record GroupKey(String recipient, String ruleId, String storyId) {
        public GroupKey {
            storyId = storyId == null ? "" : storyId;
        }

        /** The group of alerts without a story. */
        public GroupKey(String recipient, String ruleId) {
            this(recipient, ruleId, "");
        }

        /** The group {@code alert} belongs to for {@code recipient}. */
        public static GroupKey of(String recipient, Alert alert) {
            return new GroupKey(recipient, alert.rule().id(), alert.story() == null ? "" : alert.story().id());
        }
    }

    /**
     * Alerts of one group that are due to be sent together.
     *
     * @param partitions each alert id to the alerts-topic partition it was read from
     */
    public record Batch(GroupKey key, List<Alert> alerts, Map<String, TopicPartition> partitions) {}

    /**
     * A group holding alerts that wait for their send time: what the console shows as pending groups.
     *
     * @param due        when the group is sent (its wait or interval ends)
     * @param firstTitle the title of the first alert's document
     * @param storyTitle the story's title, empty for alerts without a story
     */
    public record WaitingGroup(GroupKey key, int alerts, Instant due, String firstTitle, String storyTitle) {}

    private static final class Group {
        final LinkedHashMap<String, Alert> pending = new LinkedHashMap<>();
        final Map<String, TopicPartition> partitions = new HashMap<>();
        Instant due;

        Group(Instant due) {
            this.due = due;
        }
    }

    private final Duration groupWait;
    private final Duration groupInterval;
    private final Map<GroupKey, Group> groups = new HashMap<>();
    /** Counts changes to what {@link #waiting} shows, so it is rebuilt only after one (the notifier asks every poll). */
    private long changes;
    private long waitingAt = -1;
    private List<WaitingGroup> waiting = List.of();

    public AlertGrouper(Duration groupWait, Duration groupInterval) {
        if (groupWait.isNegative() || groupInterval.isNegative()) {
            throw new IllegalArgumentException("group wait and interval must not be negative");
        }
        this.groupWait = groupWait;
        this.groupInterval = groupInterval;
    }

    /**
     * Adds an alert to its group, opening the group if needed.
     *
     * @return false when the group already holds an alert with this id (it is not added twice)
     */
    public boolean add(GroupKey key, Alert alert, TopicPartition from, Instant now) {
        Group group = groups.computeIfAbsent(key, k -> new Group(now.plus(groupWait)));
        if (group.pending.putIfAbsent(alert.id(), alert) != null) {
            return false;
        }
        group.partitions.put(alert.id(), from);
        changes++;
        return true;
    }

    /** Drops the waiting alerts read from {@code partitions} (no longer ours: their next owner reads them again). */
    public void forget(Collection<TopicPartition> partitions) {
        for (Group group : groups.values()) {
            group.partitions.entrySet().removeIf(e -> {
                if (partitions.contains(e.getValue())) {
                    group.pending.remove(e.getKey());
                    changes++;
                    return true;
                }
                return false;
            });
        }
    }

    /** Takes out every group whose time has come and that has alerts; closes groups idle for a whole interval. */
    public List<Batch> due(Instant now) {
        List<Batch> batches = new ArrayList<>();
        for (Iterator<Map.Entry<GroupKey, Group>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<GroupKey, Group> entry = it.next();
            Group group = entry.getValue();
            if (group.due.isAfter(now)) {
                continue;
            }
            if (group.pending.isEmpty()) {
                it.remove();
                continue;
            }
            batches.add(new Batch(entry.getKey(), List.copyOf(group.pending.values()), Map.copyOf(group.partitions)));
            group.pending.clear();
            group.partitions.clear();
            group.due = now.plus(groupInterval);
            changes++;
        }
        return batches;
    }

    /** When {@link #due} next has something to do, if any group is open. */
    public Optional<Instant> nextDue() {
        return groups.values().stream().map(g -> g.due).min(Instant::compareTo);
    }

    /** The groups holding alerts, soonest sent first (the same list until an alert is added, forgotten or sent). */
    public List<WaitingGroup> waiting() {
        if (waitingAt == changes) {
            return waiting;
        }
        List<WaitingGroup> waiting = new ArrayList<>();
        groups.forEach((key, group) -> {
            if (!group.pending.isEmpty()) {
                Alert first = group.pending.values().iterator().next();
                String title = first.document().title() == null ? first.document().id() : first.document().title();
                String story = first.story() == null || first.story().title() == null ? "" : first.story().title();
                waiting.add(new WaitingGroup(key, group.pending.size(), group.due, title, story));
            }
        });
        waiting.sort(Comparator.comparing(WaitingGroup::due).thenComparing(w -> w.key().recipient()));
        this.waiting = List.copyOf(waiting);
        this.waitingAt = changes;
        return this.waiting;
    }

    /** Alerts waiting in groups, for metrics and tests. */
    public int pendingAlerts() {
        return groups.values().stream().mapToInt(g -> g.pending.size()).sum();
    }
}
