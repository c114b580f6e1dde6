package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import java.util.List;

/** One page of archived alerts, newest first, the total matching the filters, and the cursor of the next page (null on the last). */
public record AlertPage(long total, List<Alert> alerts, String nextCursor) {
    public AlertPage {
        alerts = List.copyOf(alerts);
    }
}
