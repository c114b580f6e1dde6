package io.newswatch.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertxMailTransportTest {
    Vertx vertx;
    GreenMail greenMail;
    int port;

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        port = freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    VertxMailTransport transport(MailConfig config) {
        return new VertxMailTransport(MailClient.create(vertx, config), Duration.ofSeconds(10));
    }

    MailConfig plain() {
        return new MailConfig().setHostname("127.0.0.1").setPort(port).setStarttls(StartTLSOptions.DISABLED)
                .setLogin(LoginOption.DISABLED);
    }

    static OutgoingEmail email() {
        return new OutgoingEmail("newswatch@example.org", "ops@example.org", "<0123abcd@newswatch>",
                "[newswatch] Troop deployment: 1 new match", "plain text\n", "<p>html</p>");
    }

    @Test
    void sendsMultipartTextAndHtmlWithOurMessageId() throws Exception {
        transport(plain()).send(email());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage message = received[0];
        assertEquals("<0123abcd@newswatch>", message.getMessageID());
        assertEquals("[newswatch] Troop deployment: 1 new match", message.getSubject());
        var multipart = (MimeMultipart) message.getContent();
        assertTrue(multipart.getContentType().startsWith("multipart/alternative"), multipart.getContentType());
        assertEquals(2, multipart.getCount());
        assertTrue(multipart.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(multipart.getBodyPart(1).isMimeType("text/html"));
    }

    @Test
    void anUnreachableServerIsTransient() throws Exception {
        greenMail.stop();
        var e = assertThrows(EmailDeliveryException.class, () -> transport(plain()).send(email()));
        assertFalse(e.isPermanent());
        assertTrue(e.getMessage().startsWith("SMTP server unreachable"), e.getMessage());
    }

    @Test
    void aRejectedLoginIsPermanent() throws Exception {
        greenMail.setUser("ops@example.org", "ops", "right-password");
        var config = plain().setLogin(LoginOption.REQUIRED).setUsername("ops").setPassword("wrong-password");
        var e = assertThrows(EmailDeliveryException.class, () -> transport(config).send(email()));
        assertTrue(e.isPermanent(), e.getMessage());
        assertEquals("SMTP 535 5.7.8 Authentication credentials invalid", e.getMessage());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void anSmtp552MessageTooLargeIsReportedAsTooLargeNotPermanentFailure() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread smtp = Thread.ofVirtual().start(() -> refuseAsTooLarge(server));
            var config = plain().setPort(server.getLocalPort());
            var e = assertThrows(EmailDeliveryException.class, () -> transport(config).send(email()));
            assertTrue(e.isTooLarge(), e.getMessage());
            assertTrue(e.getMessage().startsWith("SMTP 552"), e.getMessage());
            smtp.join(Duration.ofSeconds(5));
        }
    }

    /** A minimal SMTP server that accepts the envelope and refuses the data as too large (552 5.3.4). */
    private static void refuseAsTooLarge(java.net.ServerSocket server) {
        try (java.net.Socket socket = server.accept();
             var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
             var out = new java.io.PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII), true)) {
            out.print("220 test ESMTP\r\n");
            out.flush();
            boolean data = false;
            for (String line; (line = in.readLine()) != null; ) {
                if (data) {
                    if (line.equals(".")) {
                        out.print("552 5.3.4 Message size exceeds fixed maximum message size\r\n");
                        out.flush();
                        data = false;
                    }
                    continue;
                }
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (command) {
                    case "EHLO" -> out.print("250-test\r\n250 SIZE 1000\r\n");
                    case "DATA" -> {
                        out.print("354 go ahead\r\n");
                        data = true;
                    }
                    case "QUIT" -> {
                        out.print("221 bye\r\n");
                        out.flush();
                        return;
                    }
                    default -> out.print("250 ok\r\n");
                }
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the client hung up
        }
    }
}
