package io.newswatch.ingest.files;



import io.newswatch.ingest.IngestException;


import io.newswatch.text.CleanText;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.text.LanguageGuesser;
import io.newswatch.text.PublishedDateFinder;
import io.newswatch.text.TextCleaner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Reads article files (plain text or saved HTML pages) into {@link Document}s. Files come from
 * people and scrapers, so every way a file can be wrong (missing, unreadable, binary, empty, huge,
 * nothing but page debris) ends in an {@link IngestException} that names the file and says what to
 * do, never in a stack trace; other files are unaffected.
 *
 * <p>A document's id is the SHA-256 of its cleaned, whitespace-normalised text
 * ({@link CleanText#normalized()}), so the same article saved twice, or re-saved with different
 * line breaks, is one document. Its published time is, in order: the HTML page's
 * {@code article:published_time}, a date the text states ({@link PublishedDateFinder}), else none
 * (never the file's modification time, which after a copy or a clone is not the article's date).
 */
public final class DocumentFileReader {
    /** 5 MiB: news articles are kilobytes; anything near this is not an article. */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    /** {@link Document#source()} of every file document. */
    public static final String SOURCE = "file";

    private static final Logger LOG = Logger.getLogger(DocumentFileReader.class);
    private static final String SIZE_SETTING = "newswatch.files.max-size (NEWSWATCH_FILES_MAX_SIZE)";

    private final long maxBytes;

    public DocumentFileReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes larger files are refused (see {@code newswatch.files.max-size}) */
    public DocumentFileReader(long maxBytes) {
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("newswatch.files.max-size must be between 1 byte and 2 GiB, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * @param file a text or HTML file
     * @param now  the ingest time (also the limit for plausible publication dates)
     * @throws IngestException when the file cannot be made into a document; the message says why
     */
    public Document read(Path file, Instant now) throws IngestException {
        BasicFileAttributes attributes = attributes(file);
        if (attributes.isDirectory()) {
            throw new IngestException(file, "is a folder, not a file; point newswatch at the folder itself to read every file in it");
        }
        if (!attributes.isRegularFile()) {
            throw new IngestException(file, "is not a regular file (a device, pipe or socket); newswatch reads text files only — remove it from the folder");
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(file, size(attributes.size()));
        }
        byte[] bytes = bytes(file);
        if (bytes.length > maxBytes) {
            throw tooLarge(file, "more than " + size(maxBytes));
        }
        if (bytes.length == 0) {
            throw new IngestException(file, "empty file (0 bytes); add the article text or remove the file");
        }
        String text = TextDecoder.decode(file, bytes);
        if (text.isBlank()) {
            throw new IngestException(file, "contains only whitespace (" + bytes.length + " bytes); add the article text or remove the file");
        }
        try {
            return document(file, text, attributes, now);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IngestException(file, "could not be processed (" + e.getClass().getSimpleName()
                    + "); this is a newswatch bug — please report it with the file, and remove the file meanwhile");
        }
    }

    /**
     * The files to read for a path: the file itself, or every file under a folder (recursively,
     * sorted), leaving out hidden files and folders and editor or download leftovers ({@code *.swp},
     * {@code *~}, {@code #*#}, {@code *.part}...). Sub-folders that cannot be listed are skipped
     * with one warning line each.
     *
     * @throws IngestException when the path does not exist or the folder cannot be listed at all
     */
    /**
     * The text of bytes that did not come from a file (an HTTP body), with the very check and
     * decoding a file's bytes get: UTF-8, Windows-1252 or UTF-16 with a BOM; binary refused.
     *
     * @param name what the bytes are, for the message (e.g. {@code "request body"})
     * @throws IngestException when the bytes are binary; {@link IngestException#problem()} says why
     */
    public static String decodeText(String name, byte[] bytes) throws IngestException {
        return TextDecoder.decode(Path.of(name), bytes);
    }

    /** {@link #listFiles(Path)} handing the sub-folder problems to the caller instead of logging them. */
    public List<Path> listFiles(Path folderOrFile, List<IngestException> problems) throws IngestException {
        return list(folderOrFile, problems);
    }

    public List<Path> listFiles(Path folderOrFile) throws IngestException {
        List<IngestException> problems = new ArrayList<>();
        List<Path> files = list(folderOrFile, problems);
        for (IngestException problem : problems) {
            LOG.warn(problem.getMessage());
        }
        return files;
    }

    /** Hidden files, editor swap and backup files, partial downloads: never articles. */
    static boolean isIgnored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(".")
                || name.endsWith("~")
                || (name.startsWith("#") && name.endsWith("#"))
                || lower.endsWith(".swp") || lower.endsWith(".swo") || lower.endsWith(".swx")
                || lower.endsWith(".tmp") || lower.endsWith(".part") || lower.endsWith(".crdownload");
    }

    private Document document(Path file, String text, BasicFileAttributes attributes, Instant now) throws IngestException {
        String knownTitle = null;
        Instant published = null;
        if (HtmlPage.looksLikeHtml(String.valueOf(file.getFileName()), text)) {
            HtmlPage page = HtmlPage.parse(text, now);
            if (page.text().isBlank()) {
                throw new IngestException(file, "HTML page without article text (only markup, scripts, navigation or footers); "
                        + "save the article page itself, or remove the file");
            }
            text = page.text();
            knownTitle = page.title();
            published = page.published();
        }
        CleanText clean = TextCleaner.clean(text, knownTitle);
        if (clean.isEmpty()) {
            throw new IngestException(file, "no article text left after removing page debris (menus, share buttons, "
                    + "tracking ids, bylines); check that the file holds the article itself, or remove it");
        }
        if (published == null) {
            // No date stated: none. The file's modification time says when it was copied or checked
            // out (after a git clone, every old article would look like today's news).
            published = PublishedDateFinder.find(text, now).orElse(null);
        }
        String language = LanguageGuesser.guess(clean.title() + "\n" + clean.body());
        return new Document(DocumentIds.forText(clean.normalized()), SOURCE, file.toString(), clean.title(), clean.body(),
                published, language, now, List.of(), List.of());
    }

    private static BasicFileAttributes attributes(Path file) throws IngestException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IngestException(file, "no such file (or a link to a missing file); check the path");
        } catch (AccessDeniedException e) {
            throw unreadable(file);
        } catch (IOException e) {
            throw new IngestException(file, "cannot read the file (" + describe(e) + "); check the path and permissions, or remove it");
        }
    }

    private byte[] bytes(Path file) throws IngestException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw new IngestException(file, "no such file (it was removed while being read); check the path");
        } catch (AccessDeniedException e) {
            throw unreadable(file);
        } catch (IOException e) {
            throw new IngestException(file, "cannot read the file (" + describe(e) + "); check the disk and permissions, or remove it");
        }
    }

    private List<Path> list(Path root, List<IngestException> problems) throws IngestException {
        BasicFileAttributes attributes = attributes(root);
        if (!attributes.isDirectory()) {
            return List.of(root);
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && isIgnored(String.valueOf(dir.getFileName()))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!isIgnored(String.valueOf(file.getFileName()))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (isIgnored(String.valueOf(file.getFileName()))) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (e instanceof FileSystemLoopException) {
                        problems.add(new IngestException(file, "folder link loops back to a parent folder; skipped — remove the link"));
                    } else if (e instanceof AccessDeniedException) {
                        problems.add(new IngestException(file, "cannot list the folder (permission denied); its files are skipped — "
                                + "make it readable by the newswatch user (chmod a+rx) or remove it"));
                    } else {
                        problems.add(new IngestException(file, "cannot list (" + describe(e) + "); skipped — check the path and permissions"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        problems.add(new IngestException(dir, "listing stopped part way (" + describe(e) + "); some files are skipped — check the folder"));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IngestException(root, "cannot list the folder (" + describe(e) + "); check the path and permissions");
        }
        files.sort(null);
        return files;
    }

    private static IngestException unreadable(Path file) {
        return new IngestException(file, "cannot read the file (permission denied); make it readable by the newswatch user (chmod a+r) or remove it");
    }

    private IngestException tooLarge(Path file, String size) {
        return new IngestException(file, "file is too large (" + size + ", the limit is " + size(maxBytes)
                + "); news articles are far smaller — check it is the right file, or raise " + SIZE_SETTING);
    }

    /** 5242880 → "5 MiB", 7549747 → "7.2 MiB", 2048 → "2 KiB", 900 → "900 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return trim(bytes / (1024.0 * 1024)) + " MiB";
        }
        if (bytes >= 1024) {
            return trim(bytes / 1024.0) + " KiB";
        }
        return bytes + " bytes";
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}
