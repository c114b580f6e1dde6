package io.newswatch.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import io.newswatch.matching.Highlight;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * The alert's JSON on its way through the pipeline, per document, as thread CPU: the {@code stories-clustering}
 * repartition record written and read back, and each alert (placed in its story) encoded for the alert topic.
 * "tree" is the code before round seven (each alert built as a Jackson tree, the record's alerts read back as a tree),
 * "stream" the code now ({@link AlertCodec#write}, {@link AlertCodec#read}); both write the same bytes. Rounds
 * alternate in one JVM. Not a unit test: it prints figures.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:CLASSPATH io.newswatch.pipeline.AlertEncodingBenchmark [alerts per document] [rounds]
 * </pre>
 */
public final class AlertEncodingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-02T12:00:00Z");

    private AlertEncodingBenchmark() {}

    public static void main(String[] args) {
        int alertsPerDocument = args.length > 0 ? Integer.parseInt(args[0]) : 17;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Document document = new Document("https://example.org/world/2026/12/02/talks", "example.org", "https://example.org/world/2026/12/02/talks",
                "Ministers meet in Geneva as talks on the treaty resume", "Body ".repeat(300), T.minusSeconds(600), "en", T,
                List.of("A. Writer"), List.of("world"));
        List<RoutedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < alertsPerDocument; i++) {
            List<Highlight> highlights = new ArrayList<>();
            for (int h = 0; h < 6; h++) {
                highlights.add(new Highlight(h == 0 ? "title" : "body", "treaty" + h, 40 * h, 40 * h + 6));
            }
            Alert alert = new Alert(Alert.idFor("rule-" + i, document.id()), T, new Alert.RuleSummary("rule-" + i, "Generated rule " + i, "medium"),
                    new Alert.DocumentSummary(document.id(), document.title(), document.location(), null, document.source(), document.published()),
                    1.0 + i / 7.0, highlights, "… the ministers said the treaty talks would resume on Monday, after the two delegations agreed "
                    + "on the text of the preamble and on the order of the chapters still open, according to officials …");
            alerts.add(new RoutedAlert("newswatch.alerts.rule-" + i, alert));
        }
        MatchedDocument matched = new MatchedDocument(document, alerts);
        Alert.StorySummary story = new Alert.StorySummary("story-1", document.title(), 3, 2, T.minusSeconds(3600), T, "first", Boolean.TRUE);
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        int documents = 4_000;
        System.out.printf("%d alerts per document, %d documents per measurement; thread CPU microseconds per document%n", alertsPerDocument, documents);
        System.out.println("| round | tree: record write + read + alert encodes | stream: same | stream / tree |");
        System.out.println("|---|---|---|---|");
        long sink = 0;
        for (int round = 0; round <= rounds; round++) {
            long tree = 0;
            long stream = 0;
            for (int pass = 0; pass < 2; pass++) { // tree then stream, then stream then tree
                for (int which = 0; which < 2; which++) {
                    boolean useTree = (which == 0) == (pass == 0);
                    long start = cpu();
                    for (int d = 0; d < documents; d++) {
                        if (useTree) {
                            MatchedDocument back = treeRead(treeWrite(matched));
                            for (RoutedAlert routed : back.alerts()) {
                                sink += treeEncode(routed.alert().inStory(story, null)).length;
                            }
                        } else {
                            MatchedDocument back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", matched));
                            for (RoutedAlert routed : back.alerts()) {
                                sink += AlertCodec.encode(routed.alert().inStory(story, null)).length;
                            }
                        }
                    }
                    long used = cpu() - start;
                    if (useTree) {
                        tree += used;
                    } else {
                        stream += used;
                    }
                }
            }
            if (round > 0) { // round 0 warms the JIT
                System.out.printf("| %d | %.0f | %.0f | %.2f |%n", round, tree / 2e3 / documents, stream / 2e3 / documents, (double) stream / tree);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static long cpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getCurrentThreadCpuTime();
    }

    /** The repartition record as round six wrote it: the alerts as one tree. */
    static byte[] treeWrite(MatchedDocument matched) {
        try {
            ArrayNode alerts = JSON.createArrayNode();
            for (RoutedAlert alert : matched.alerts()) {
                ObjectNode node = alerts.addObject();
                node.put("topic", alert.topic());
                node.set("event", io.newswatch.alerts.EventTreeReference.event(alert.alert()));
            }
            byte[] document = DocumentJson.write(matched.document());
            byte[] alertBytes = JSON.writeValueAsBytes(alerts);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(document.length + alertBytes.length + 32);
            out.write("{\"document\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(document);
            out.write(",\"alerts\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(alertBytes);
            out.write('}');
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Round six's reading: the document cut out as bytes, the alerts read as a tree. */
    static MatchedDocument treeRead(byte[] bytes) {
        try (var parser = JSON.createParser(bytes)) {
            parser.nextToken();
            Document document = null;
            List<RoutedAlert> alerts = new ArrayList<>();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("document")) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    document = DocumentJson.read(java.util.Arrays.copyOfRange(bytes, start, end));
                } else if (field.equals("alerts")) {
                    for (JsonNode node : (JsonNode) JSON.readTree(parser)) {
                        alerts.add(new RoutedAlert(node.path("topic").asText(), AlertCodec.fromEvent(node.path("event"))));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return new MatchedDocument(document, alerts);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Round six's {@link AlertCodec#encode}: the event tree, then its bytes. */
    static byte[] treeEncode(Alert alert) {
        return io.newswatch.alerts.EventTreeReference.bytes(alert);
    }
}
