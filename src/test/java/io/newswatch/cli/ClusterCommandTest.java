package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {
    @Test
    void printsOneStoryIdPerDocumentAndASummary(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("stream.tsv");
        Files.writeString(stream, """
                id\ttimestamp_iso\tpublisher\ttitle
                D1\t2014-03-10T00:00:00Z\tReuters\tSbarro files for bankruptcy protection for second time
                D2\t2014-03-10T00:00:00Z\tBBC\tMalaysia Airlines flight MH370 missing over South China Sea
                D3\t2014-03-10T00:00:00Z\tCNN\tPizza chain Sbarro files for bankruptcy again
                D4\t2014-03-10T00:00:00Z\tAP\tSearch for missing Malaysia Airlines jet widens\tThe search widened on Tuesday.
                """);
        CommandsTest.Run run = CommandsTest.run("cluster", stream.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("id\tpredicted_cluster", "D1\tD1", "D2\tD2", "D3\tD1", "D4\tD2"), run.out().lines().toList());
        assertTrue(run.err().contains("4 documents, 2 stories"), run.err());
    }

    @Test
    void theDefaultWindowKeepsStoriesWithinADayAndTheDaemonsWindowIsAnOption(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("stream.tsv");
        Files.writeString(stream, """
                id\ttimestamp_iso\tpublisher\ttitle
                D1\t2014-03-10T00:00:00Z\tReuters\tSbarro files for bankruptcy protection for second time
                D2\t2014-03-11T00:00:00Z\tCNN\tPizza chain Sbarro files for bankruptcy again
                """);
        CommandsTest.Run byDay = CommandsTest.run("cluster", stream.toString());
        assertEquals(List.of("id\tpredicted_cluster", "D1\tD1", "D2\tD2"), byDay.out().lines().toList(), byDay.err());
        assertTrue(byDay.err().contains("window PT12H"), byDay.err());
        CommandsTest.Run daemon = CommandsTest.run("cluster", "--window", "48h", "--words-only", stream.toString());
        assertEquals(List.of("id\tpredicted_cluster", "D1\tD1", "D2\tD1"), daemon.out().lines().toList(), daemon.err());
        assertTrue(daemon.err().contains("semantic weight 0.00"), daemon.err());
    }

    @Test
    void aBadLineIsReportedWithItsPositionAndTheRestIsClustered(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("stream.tsv");
        Files.writeString(stream, "id\ttimestamp_iso\tpublisher\ttitle\nD1\tyesterday\tX\tA title\nD2\t2014-03-10T00:00:00Z\tY\tAnother title\n");
        CommandsTest.Run run = CommandsTest.run("cluster", "--window", "12h", stream.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains(stream + ":2:4: timestamp \"yesterday\" is not ISO-8601"), run.err());
        assertEquals(List.of("id\tpredicted_cluster", "D2\tD2"), run.out().lines().toList());
    }

    @Test
    void badOptionsExitWithUsage() {
        CommandsTest.Run run = CommandsTest.run("cluster", "--window", "soon", "x.tsv");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("duration \"soon\""), run.err());
        assertTrue(CommandsTest.run("cluster").err().contains("no file given"));
    }
}
