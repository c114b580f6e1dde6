package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one notification that belong to one story, so email and webhook bodies can show
 * "story X: +3 sources: A, B, C" instead of one unrelated line per article. Alerts without a story
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

    /** The distinct sources of this group's documents, in order. */
    public List<String> newSources() {
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        alerts.forEach(a -> sources.add(a.document().source() == null ? "unknown source" : a.document().source()));
        return List.copyOf(sources);
    }

    /** One line such as {@code Story "Quake hits city" (12 documents, 9 sources): +3 sources: A, B, C}; null without a story. */
    public String headline() {
        if (story == null) {
            return null;
        }
        List<String> sources = newSources();
        return "Story \"" + (story.title() == null ? "(untitled)" : story.title()) + "\" (" + story.documents() + " documents, "
                + story.sources() + " sources): +" + sources.size() + (sources.size() == 1 ? " source: " : " sources: ")
                + String.join(", ", sources);
    }
}
