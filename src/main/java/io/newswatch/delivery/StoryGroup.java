package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one notification that belong to one story, so email and webhook bodies can show
 * "new story X" or "story X: +3 sources: A, B, C" instead of one unrelated line per article (the
 * grouper gives each story its own notifications, so a notification normally holds one group). Alerts without a story
 * (written before stories existed) form a group of their own each.
 *
 * @param story  the story as of the group's newest alert, null for an alert without a story
 * @param alerts the group's alerts in notification order
 */
public record StoryGroup(Alert.StorySummary story, List<Alert> alerts) {
    public StoryGroup {
        alerts = List.copyOf(alerts);
    }

    /** The groups of a notification's alerts, in order of each story's first alert. */
    public static List<StoryGroup> of(List<Alert> alerts) {
        Map<String, List<Alert>> byStory = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            String key = alert.story() == null ? "alert:" + alert.id() : alert.story().id();
            byStory.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
        }
        List<StoryGroup> groups = new ArrayList<>();
        for (List<Alert> group : byStory.values()) {
            Alert.StorySummary newest = null;
            for (Alert alert : group) {
                if (alert.story() != null && (newest == null || alert.story().documents() >= newest.documents())) {
                    newest = alert.story();
                }
            }
            groups.add(new StoryGroup(newest, group));
        }
        return groups;
    }

    /**
     * Whether this group is the story's first notification for its rule: it lists the rule's first alert
     * on the story ({@code data.story.firstAlert}). Derived from the alerts alone, so a resent
     * notification says the same. False without a story, and for alerts written before the field existed.
     */
    public boolean first() {
        return story != null && story.firstAlert() != null && alerts.stream().anyMatch(a -> a.id().equals(story.firstAlert()));
    }

    /** {@code "new"} for the story's first notification for the rule, {@code "update"} for a later one, null without a story. */
    public String kind() {
        return story == null ? null : first() ? "new" : "update";
    }

    /**
     * The distinct sources of this group's documents that are new to the rule's notifications on the story, in order:
     * an alert whose {@code data.story.newSource} is false (its rule already alerted from that source on this story, or
     * on a story merged into it) does not count, so an update never lists a source again. Alerts without the field
     * (written before it existed) count as new. The first notification lists every source.
     */
    public List<String> newSources() {
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        boolean first = first();
        for (Alert a : alerts) {
            if (first || a.story() == null || !Boolean.FALSE.equals(a.story().newSource())) {
                sources.add(a.document().sourceName());
            }
        }
        return List.copyOf(sources);
    }

    /**
     * One line such as {@code New story "Quake hits city" (5 documents, 4 sources): A, B, C, D} for the
     * story's first notification, {@code Story "Quake hits city" (12 documents, 9 sources): +3 sources: A, B, C}
     * for an update (the sources of the articles new in it that are new to the rule's notifications on the story), or
     * {@code Story "Quake hits city" (12 documents, 9 sources): 2 more articles from sources already notified} when
     * every article of the update comes from such a source; null without a story.
     */
    public String headline() {
        if (story == null) {
            return null;
        }
        List<String> sources = newSources();
        String counts = "\"" + (story.title() == null ? "(untitled)" : story.title()) + "\" (" + count(story.documents(), "document")
                + ", " + count(story.sources(), "source") + "): ";
        if (first()) {
            return "New story " + counts + String.join(", ", sources);
        }
        return sources.isEmpty()
                ? "Story " + counts + count(alerts.size(), "more article") + " from sources already notified"
                : "Story " + counts + "+" + count(sources.size(), "source") + ": " + String.join(", ", sources);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
