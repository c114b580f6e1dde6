package io.newswatch.ingest.files;


import io.newswatch.ingest.IngestException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentFileReaderTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final String ARTICLE = """
            Seoul Watches the North Closely

            SEOUL: The ministry said on Wednesday that it was watching the border.

            Officials said troops had moved north over the weekend.
            """;

    @TempDir
    Path dir;

    private final DocumentFileReader reader = new DocumentFileReader();

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private String problem(Path file) {
        return assertThrows(IngestException.class, () -> reader.read(file, NOW)).getMessage();
    }

    @Test
    void readsASeedIntoADocument() throws Exception {
        Path seed;
        try (var seeds = Files.list(Path.of("seeds"))) {
            seed = seeds.filter(p -> p.getFileName().toString().startsWith("000")).findFirst().orElseThrow();
        }
        Document document = reader.read(seed, NOW);
        assertEquals("file", document.source());
        assertEquals(seed.toString(), document.location());
        assertTrue(document.title().startsWith("South Korea’s Defense Minister"), document.title());
        assertTrue(document.body().startsWith("(MENAFN) South Korea’s Defense Minister"), document.body());
        assertEquals(Instant.parse("2024-10-08T00:00:00Z"), document.published(), "the date the text states");
        assertEquals("en", document.language());
        assertEquals(NOW, document.ingested());
        assertTrue(document.id().matches("[0-9a-f]{64}"), document.id());
        assertEquals(List.of(), document.authors());
        assertFalse(document.isUrl());
    }

    @Test
    void hasNoPublishedTimeWhenTheTextStatesNoDateWhateverTheFileTime() throws Exception {
        Path file = write("article.txt", ARTICLE);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-09-30T08:15:00Z")));
        Document document = reader.read(file, NOW);
        assertNull(document.published(), "the file time is when it was copied, not when it was published");
        assertEquals("Seoul Watches the North Closely", document.title());
        assertEquals("SEOUL: The ministry said on Wednesday that it was watching the border.\n\n"
                + "Officials said troops had moved north over the weekend.", document.body());
    }

    @Test
    void givesTheSameTextTheSameIdAndDifferentTextADifferentOne() throws Exception {
        String first = reader.read(write("a.txt", ARTICLE), NOW).id();
        String copy = reader.read(write("copy/a-copy.txt", ARTICLE), NOW.plusSeconds(3600)).id();
        String other = reader.read(write("b.txt", ARTICLE.replace("north", "south")), NOW).id();
        assertEquals(first, copy);
        assertNotEquals(first, other);
    }

    @Test
    void keepsTheIdWhenOnlyWhitespaceChanges() throws Exception {
        String original = reader.read(write("a.txt", ARTICLE), NOW).id();
        String reformatted = "\uFEFF  Seoul Watches the North   Closely\r\n\r\n\r\n\r\n"
                + "\tSEOUL: The ministry said on Wednesday that it was\r\nwatching the border.   \r\n\r\n"
                + "Officials  said troops had moved north over the weekend.\r\n\r\n\r\n";
        assertEquals(original, reader.read(write("b.txt", reformatted), NOW).id());
    }

    @Test
    void refusesABinaryFileNamingTheNulByte() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        Path file = write("bad.bin", png);
        assertEquals(file + ": binary file (NUL byte at offset 8); newswatch reads UTF-8 or Windows-1252 text files"
                + " — remove it or convert it to text", problem(file));
    }

    @Test
    void refusesBinaryDataWithoutNulBytes() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == 0) {
                noise[i] = 1;
            }
        }
        Path file = write("noise.dat", noise);
        String message = problem(file);
        assertTrue(message.startsWith(file + ": binary file ("), message);
        assertTrue(message.contains("control codes or undecodable bytes"), message);
        assertTrue(message.endsWith("remove it or convert it to text"), message);
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path file = write("empty.txt", new byte[0]);
        assertEquals(file + ": empty file (0 bytes); add the article text or remove the file", problem(file));
    }

    @Test
    void refusesAWhitespaceOnlyFile() throws Exception {
        Path file = write("blank.txt", " \n\t\r\n  \n");
        assertEquals(file + ": contains only whitespace (8 bytes); add the article text or remove the file", problem(file));
    }

    @Test
    void refusesAFileThatIsNothingButPageDebris() throws Exception {
        Path file = write("debris.txt", "spot_imgspot_img\n\n***\n\nMENAFN08102024000045015839ID1108757690\n| |\n");
        String message = problem(file);
        assertTrue(message.startsWith(file + ": no article text left after removing page debris"), message);
        assertTrue(message.contains("check that the file holds the article itself"), message);
    }

    @Test
    void refusesAnUnreadableFile() throws Exception {
        Path file = write("secret.txt", ARTICLE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file),
                "running as root (or with CAP_DAC_OVERRIDE): a chmod 000 file is still readable, so the permission error cannot occur");
        assertEquals(file + ": cannot read the file (permission denied); make it readable by the newswatch user (chmod a+r)"
                + " or remove it", problem(file));
    }

    @Test
    void refusesAFileOverTheSizeLimit() throws Exception {
        DocumentFileReader small = new DocumentFileReader(1024);
        Path file = write("huge.txt", ("A sentence of the article. ").repeat(111));
        IngestException e = assertThrows(IngestException.class, () -> small.read(file, NOW));
        assertEquals(file + ": file is too large (2.9 KiB, the limit is 1 KiB); news articles are far smaller — check it is"
                + " the right file, or raise newswatch.files.max-size (NEWSWATCH_FILES_MAX_SIZE)", e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void refusesFoldersMissingFilesAndDevices() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertTrue(problem(folder).startsWith(folder + ": is a folder, not a file;"));
        Path missing = dir.resolve("missing.txt");
        assertEquals(missing + ": no such file (or a link to a missing file); check the path", problem(missing));
        Path device = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(device), "needs /dev/null");
        assertTrue(problem(device).startsWith("/dev/null: is not a regular file (a device, pipe or socket)"));
    }

    @Test
    void readsWindows1252Text() throws Exception {
        byte[] cp1252 = "Caf\u00e9 Prices Rise\n\nA caf\u00e9 au lait co\u00fbte 5\u20ac, \u201cquoted\u201d by na\u00efve buyers.\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Document document = reader.read(write("cp1252.txt", cp1252), NOW);
        assertEquals("Café Prices Rise", document.title());
        assertEquals("A café au lait coûte 5€, “quoted” by naïve buyers.", document.body());
    }

    @Test
    void readsUtf8WithAFewBrokenBytesAsUtf8() throws Exception {
        byte[] good = "Zürich and München\n\nTalks in Zürich, München, Köln and Düsseldorf ended. Größere Fragen blieben offen."
                .getBytes(StandardCharsets.UTF_8);
        byte[] damaged = new byte[good.length + 1];
        System.arraycopy(good, 0, damaged, 0, good.length);
        damaged[good.length] = (byte) 0xFF;
        Document document = reader.read(write("damaged.txt", damaged), NOW);
        assertEquals("Zürich and München", document.title());
        assertTrue(document.body().startsWith("Talks in Zürich, München, Köln"), document.body());
    }

    @Test
    void readsUtf16WithAByteOrderMark() throws Exception {
        byte[] text = ("\uFEFF" + ARTICLE).getBytes(StandardCharsets.UTF_16LE);
        Document document = reader.read(write("utf16.txt", text), NOW);
        assertEquals("Seoul Watches the North Closely", document.title());
    }

    @Test
    void readsAnHtmlPage() throws Exception {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head>
                <title>Kim and Putin sign pact | Example News</title>
                <meta property="og:title" content="Kim and Putin Sign a Defence Pact">
                <meta property="article:published_time" content="2024-06-19T10:15:00+09:00">
                <style>body { color: red }</style>
                <script>var tracking = "do not index me";</script>
                </head><body>
                <nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
                <article>
                  <h1>Kim and Putin Sign a Defence Pact</h1>
                  <p>The two leaders signed the pact in <b>Pyongyang</b> on Wednesday.</p>
                  <p>The treaty includes a mutual&nbsp;defence clause.<br>Analysts were surprised.</p>
                  <aside>Related: another story entirely</aside>
                </article>
                <footer>Copyright Example News, cookie settings</footer>
                </body></html>
                """;
        Document document = reader.read(write("pact.html", html), NOW);
        assertEquals("Kim and Putin Sign a Defence Pact", document.title());
        assertEquals("The two leaders signed the pact in Pyongyang on Wednesday.\n\n"
                + "The treaty includes a mutual defence clause.\n\nAnalysts were surprised.", document.body());
        assertEquals(Instant.parse("2024-06-19T01:15:00Z"), document.published());
    }

    @Test
    void recognisesHtmlByItsContentAndFallsBackToTheTitleElement() throws Exception {
        String html = "<html><head><title>Seoul Watches the North | Example</title></head><body>"
                + "<div><p>The ministry said on Wednesday that it was watching.</p></div></body></html>";
        Document document = reader.read(write("saved-page.txt", html), NOW);
        assertEquals("Seoul Watches the North", document.title());
        assertEquals("The ministry said on Wednesday that it was watching.", document.body());
    }

    @Test
    void refusesAnHtmlPageWithoutText() throws Exception {
        Path file = write("empty.html", "<html><head><script>x()</script></head><body><nav>Home</nav></body></html>");
        assertEquals(file + ": HTML page without article text (only markup, scripts, navigation or footers); save the article"
                + " page itself, or remove the file", problem(file));
    }

    @Test
    void listsFilesRecursivelySortedWithoutHiddenAndEditorFiles() throws Exception {
        for (String name : List.of("b.txt", "a.txt", "sub/c.txt", "sub/deeper/d.html", ".hidden.txt", ".git/config",
                "a.txt~", ".#a.txt", "a.txt.swp", "#a.txt#", "download.part")) {
            write(name, ARTICLE);
        }
        assertEquals(List.of(dir.resolve("a.txt"), dir.resolve("b.txt"), dir.resolve("sub/c.txt"), dir.resolve("sub/deeper/d.html")),
                reader.listFiles(dir));
        assertEquals(List.of(dir.resolve("b.txt")), reader.listFiles(dir.resolve("b.txt")));
        IngestException missing = assertThrows(IngestException.class, () -> reader.listFiles(dir.resolve("nope")));
        assertTrue(missing.getMessage().startsWith(dir.resolve("nope") + ": no such file"), missing.getMessage());
    }

    @Test
    void readsTheGoodFilesOfAFolderAndReportsEachBadOne() throws Exception {
        write("1-good.txt", ARTICLE);
        write("2-empty.txt", new byte[0]);
        write("3-binary.bin", new byte[] {'a', 0, 'b'});
        write("4-good.txt", ARTICLE.replace("north", "south"));
        List<Document> documents = new ArrayList<>();
        List<IngestException> problems = new ArrayList<>();
        for (Path file : reader.listFiles(dir)) {
            try {
                documents.add(reader.read(file, NOW));
            } catch (IngestException e) {
                problems.add(e);
            }
        }
        assertEquals(List.of(dir.resolve("1-good.txt").toString(), dir.resolve("4-good.txt").toString()),
                documents.stream().map(Document::location).toList());
        assertEquals(List.of(dir.resolve("2-empty.txt"), dir.resolve("3-binary.bin")),
                problems.stream().map(IngestException::file).toList());
        assertEquals("binary file (NUL byte at offset 1); newswatch reads UTF-8 or Windows-1252 text files — remove it or"
                + " convert it to text", problems.get(1).problem());
    }

    @Test
    void reportsAFolderThatCannotBeListed() throws Exception {
        write("good.txt", ARTICLE);
        Path locked = Files.createDirectories(dir.resolve("locked"));
        write("locked/inside.txt", ARTICLE);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(locked),
                    "running as root (or with CAP_DAC_OVERRIDE): a chmod 000 folder is still listable");
            assertEquals(List.of(dir.resolve("good.txt")), reader.listFiles(dir),
                    "the unreadable folder is skipped (and logged), the readable files are listed");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void rejectsANonsensicalSizeLimit() {
        assertThrows(IllegalArgumentException.class, () -> new DocumentFileReader(0));
    }
}
