package io.newswatch.matching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A fixed division of a labelled corpus into a part to tune rules on and a part kept aside to
 * check them: a document belongs to {@link #DEVELOPMENT} when the first four bytes of the SHA-256
 * of its file name, read as an unsigned number, leave a remainder below 70 when divided by 100, so
 * about 70% of the documents, always the same ones on every machine and whatever else the corpus holds.
 */
public enum EvaluationSplit {
    ALL, DEVELOPMENT, VALIDATION;

    /** Percentage of documents in the development part. */
    public static final int DEVELOPMENT_PERCENT = 70;

    /** {@code all}, {@code dev} or {@code validation}, as the {@code --split} option spells them. */
    public static EvaluationSplit named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "all" -> ALL;
            case "dev", "development" -> DEVELOPMENT;
            case "validation", "val" -> VALIDATION;
            default -> throw new IllegalArgumentException("unknown split \"" + name + "\"; use all, dev or validation");
        };
    }

    /** @param document a document path as labels files write it; only its file name counts */
    public boolean contains(String document) {
        if (this == ALL) {
            return true;
        }
        return isDevelopment(document) == (this == DEVELOPMENT);
    }

    static boolean isDevelopment(String document) {
        String name = document.substring(Math.max(document.lastIndexOf('/'), document.lastIndexOf('\\')) + 1);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
            return value % 100 < DEVELOPMENT_PERCENT;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    public String label() {
        return switch (this) {
            case ALL -> "all";
            case DEVELOPMENT -> "dev";
            case VALIDATION -> "validation";
        };
    }
}
