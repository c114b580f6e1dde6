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
}
