package io.newswatch.evaluation;

import io.newswatch.matching.Label;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which labels a figure is computed on. {@link #FULL}: every label (the headline figures).
 * {@link #CORE}: the development corpus GUIDE's "core" view, which drops, per rule, the documents
 * whose reason carries {@code borderline}, {@code incidental}, {@code ops-only} or {@code passing}
 * (as a word, in any case), so what is left are the clear reports and clear non-reports.
 */
public enum LabelView {
    FULL("full"),
    CORE("core");

    /** The marks of a reason that put its label outside the core view. */
    private static final Pattern NOT_CORE = Pattern.compile("\\b(borderline|incidental|ops-only|passing)\\b",
            Pattern.CASE_INSENSITIVE);

    private final String label;

    LabelView(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the view counts this label. */
    public boolean keeps(Label l) {
        return this == FULL || !NOT_CORE.matcher(l.reason()).find();
    }

    /** The view named {@code full} or {@code core}; an IllegalArgumentException names the choices otherwise. */
    public static LabelView named(String name) {
        for (LabelView view : values()) {
            if (view.label.equals(name.toLowerCase(Locale.ROOT))) {
                return view;
            }
        }
        throw new IllegalArgumentException("unknown view \"" + name + "\"; use one of "
                + Arrays.stream(values()).map(LabelView::label).collect(Collectors.joining(", ")));
    }
}
