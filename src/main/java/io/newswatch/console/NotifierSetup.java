package io.newswatch.console;

import io.newswatch.delivery.AlertGrouper;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the notifications page needs to know of the notifier besides its topics: where
 * {@code _recipients.yml} is, whether notifying is enabled, whether the notifier runs now, and the
 * groups of alerts waiting inside its grouping window.
 */
public record NotifierSetup(Path recipientsFile, boolean enabled, BooleanSupplier running,
                            Supplier<List<AlertGrouper.WaitingGroup>> waitingGroups) {}
