package io.newswatch.rules;

import java.util.Locale;

/** How urgent a rule's alerts are; written in lower case in rule files and alerts. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
