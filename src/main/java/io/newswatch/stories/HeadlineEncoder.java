package io.newswatch.stories;

/**
 * Turns a headline into a unit-length vector whose cosine with another headline's says how close
 * their meanings are, also when they share no word ("Facebook buys Oculus" / "Zuckerberg's
 * virtual-reality deal"). Must be deterministic: the same text always gives the same vector.
 */
public interface HeadlineEncoder {
    /** The unit-length vector of a headline; never null. */
    float[] encode(String headline);
}
