package io.newswatch.console;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What the notifications page needs to know of the notifier besides its topics: where
 * {@code _recipients.yml} is, whether notifying is enabled, and whether the notifier runs now.
 */
public record NotifierSetup(Path recipientsFile, boolean enabled, BooleanSupplier running) {}
