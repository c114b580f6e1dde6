package io.newswatch.daemon;

import io.newswatch.delivery.RecipientsFile;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * GreenMail and a rules directory whose {@code _recipients.yml} names one mailbox, for a
 * {@code @QuarkusTest} of the daemon's wiring; SMTP is configured the way operators do it, through
 * {@code quarkus.mailer.*}.
 */
public class NotificationServiceResource implements QuarkusTestResourceLifecycleManager {
    static GreenMail greenMail;
    static final String ALERTS_TOPIC = "service-test-alerts";
    static Path rulesDir;

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            rulesDir = Files.createTempDirectory("newswatch-rules");
            Files.writeString(rulesDir.resolve(RecipientsFile.FILE_NAME),
                    "recipients:\n  ops:\n    email: ops@example.org\n    default: true\n");
            return Map.of(
                    "newswatch.rules-dir", rulesDir.toString(),
                    "newswatch.notify.alerts-topic", ALERTS_TOPIC,
                    "newswatch.notify.group-wait", "2s", // the 5 sends of a test fit in it even on a busy machine
                    "newswatch.notify.group-interval", "500ms",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(port),
                    "quarkus.mailer.start-tls", "DISABLED",
                    "quarkus.mailer.from", "alerts@newswatch.example.org",
                    "quarkus.mailer.mock", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
        try {
            if (rulesDir != null) {
                Files.deleteIfExists(rulesDir.resolve(RecipientsFile.FILE_NAME));
                Files.deleteIfExists(rulesDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
