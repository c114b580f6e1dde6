package io.newswatch.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.TestAlerts;
import io.newswatch.matching.Highlight;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class EmailRendererTest {
    static final Recipient OPS = new Recipient.Email("ops", "ops@example.org", true);
    static final Instant T0 = Instant.parse("2024-10-08T09:00:00Z");
    final EmailRenderer renderer = new EmailRenderer();

    @Test
    void theSeedsRenderAsOneEmailListingEveryDocument() {
        List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);
        var email = renderer.render(Notification.of(OPS, seeds));
        assertEquals("[newswatch] Troop deployment: 5 new matches", email.subject());
        Document html = Jsoup.parse(email.html());
        assertEquals(5, html.select("ol > li").size());
        for (Alert seed : seeds) {
            assertTrue(email.text().contains(seed.document().path()), seed.document().path());
            assertTrue(html.text().contains(seed.document().path()));
            assertTrue(email.text().contains("*" + seed.highlights().getFirst().term() + "*"), email.text());
        }
        assertTrue(email.text().contains("file, 2024-10-08 09:00 UTC"), email.text());
        assertTrue(html.select("mark").size() >= 5);
    }

    @Test
    void oneMatchIsSingular() {
        var email = renderer.render(Notification.of(OPS, List.of(TestAlerts.simple(TestAlerts.TROOPS, "1", T0))));
        assertEquals("[newswatch] Troop deployment: 1 new match", email.subject());
    }

    @Test
    void highlightsEveryOccurrenceOfTheMatchedTermsCaseInsensitively() {
        Alert alert = TestAlerts.feedItem(TestAlerts.TROOPS, "Troops", "Troops and more troops; a troop.", "https://n.example.org/a", "troops", T0);
        var email = renderer.render(Notification.of(OPS, List.of(alert)));
        assertTrue(email.text().contains("*Troops* and more *troops*; a troop."), email.text());
        assertEquals(List.of("Troops", "troops"), Jsoup.parse(email.html()).select("mark").eachText());
    }

    @Test
    void overlappingHighlightsAreMerged() {
        var spans = EmailRenderer.spans("North Korean troops", List.of(new Highlight("body", "North Korean", 0, 12),
                new Highlight("body", "Korean troops", 6, 19)));
        assertEquals(1, spans.size());
        assertEquals(0, spans.getFirst()[0]);
        assertEquals(19, spans.getFirst()[1]);
    }

    @Test
    void documentHtmlIsEscapedAndScriptsOrForeignLinksCannotGetIn() {
        Alert hostile = TestAlerts.feedItem(TestAlerts.TROOPS,
                "<script>alert('x')</script><a href=\"https://evil.example\">Click</a>",
                "Troops <img src=x onerror=alert(1)> & \"quotes\" </p><h1>fake</h1>",
                "https://news.example.org/a?x=1&y=2", "troops", T0);
        var email = renderer.render(Notification.of(OPS, List.of(hostile)));
        Document html = Jsoup.parse(email.html());
        assertTrue(html.select("script").isEmpty());
        assertTrue(html.select("img").isEmpty());
        assertTrue(html.select("h1").isEmpty());
        assertEquals(1, html.select("a").size(), email.html());
        assertEquals("https://news.example.org/a?x=1&y=2", html.select("a").attr("href"), email.html());
        assertTrue(html.text().contains("<script>alert('x')</script>"), "shown as text: " + html.text());
        assertTrue(html.text().contains("<img src=x onerror=alert(1)>"), html.text());
    }

    @Test
    void aUrlThatIsNotWellFormedIsShownAsEscapedText() {
        Alert alert = TestAlerts.feedItem(TestAlerts.TROOPS, "t", "troops", "https://n.example.org/a?y=\"><script>x</script>", "troops", T0);
        var email = renderer.render(Notification.of(OPS, List.of(alert)));
        Document html = Jsoup.parse(email.html());
        assertTrue(html.select("a").isEmpty() && html.select("script").isEmpty(), email.html());
        assertTrue(html.text().contains("Address: https://n.example.org/a?y=\"><script>x</script>"), html.text());
    }

    @Test
    void onlyHttpUrlsBecomeLinks() {
        Alert js = TestAlerts.feedItem(TestAlerts.TROOPS, "t", "troops", "https://ok.example.org/", "troops", T0);
        Alert bad = new Alert(js.id(), js.time(), js.rule(), new Alert.DocumentSummary("d", "t", "javascript:alert(1)", null, "feed", T0),
                1.0, js.highlights(), js.snippet());
        var email = renderer.render(Notification.of(OPS, List.of(bad)));
        assertTrue(Jsoup.parse(email.html()).select("a").isEmpty(), email.html());
        assertTrue(email.text().contains("Address: javascript:alert(1)"), email.text());
    }

    @Test
    void lineBreaksAndControlCharactersCannotForgeLinesOrHeaders() {
        Alert alert = TestAlerts.feedItem(TestAlerts.rule("r", "Title\r\nBcc: victim@example.org"),
                "Headline\r\nBcc: victim@example.org\u0000\u202Egnp.exe", "troops", "https://n.example.org/a", "troops", T0);
        var email = renderer.render(Notification.of(OPS, List.of(alert)));
        assertEquals("[newswatch] Title Bcc: victim@example.org: 1 new match", email.subject());
        assertTrue(email.text().contains("1. Headline Bcc: victim@example.orggnp.exe\n"), email.text());
        assertFalse(email.text().contains("\u0000") || email.text().contains("\u202E") || email.text().contains("\r"));
    }

    @Test
    void filesAreShownByPath() {
        Alert seed = TestAlerts.seeds(TestAlerts.TROOPS).getFirst();
        var email = renderer.render(Notification.of(OPS, List.of(seed)));
        assertTrue(email.text().contains("   File: " + seed.document().path()), email.text());
        assertEquals(1, Jsoup.parse(email.html()).select("code").size());
    }

    @Test
    void theMessageIdIsTheNotificationId() {
        Notification n = Notification.of(OPS, List.of(TestAlerts.simple(TestAlerts.TROOPS, "1", T0)));
        assertEquals("<" + n.id() + "@newswatch>", EmailRenderer.messageId(n));
    }
}
