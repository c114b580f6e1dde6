package io.newswatch.text;

/**
 * What {@link TextCleaner} makes of a raw text.
 *
 * @param title the headline found at the top of the text, or one derived from the first sentence;
 *              {@code null} only when the body is empty
 * @param body  paragraphs of clean prose separated by {@code "\n\n"}, without the headline line,
 *              page debris or hard line wraps
 */
public record CleanText(String title, String body) {

    /** True when nothing worth matching survived the cleanup. */
    public boolean isEmpty() {
        return body == null || body.isBlank();
    }

    /**
     * The text a file's id is computed from: title and body with every run of whitespace as one
     * space, so re-saving a file with different line breaks or indentation keeps its id.
     */
    public String normalized() {
        String text = (title == null ? "" : title) + " " + (body == null ? "" : body);
        return text.replaceAll("\\s+", " ").strip();
    }
}
