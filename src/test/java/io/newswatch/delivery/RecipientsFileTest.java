package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientsFileTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Function<String, String> ENV = Map.of("NEWSWATCH_HOOK_SECRET", SECRET)::get;
    static final Path FILE = Path.of("rules/_recipients.yml");

    static Recipients parse(String yaml) throws InvalidFileException {
        return RecipientsFile.parse(FILE, yaml, ENV);
    }

    static FileProblem onlyProblem(String yaml) {
        var e = assertThrows(InvalidFileException.class, () -> parse(yaml));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().getFirst();
    }

    @Test
    void readsEmailAndWebhookRecipientsWithTheSecretFromTheEnvironment() throws Exception {
        Recipients recipients = parse("""
                recipients:
                  ops:
                    email: ops@example.org
                    default: true
                  hooks:
                    webhook: https://hooks.example.org/newswatch
                    secret_env: NEWSWATCH_HOOK_SECRET
                """);
        assertEquals(List.of("ops", "hooks"), List.copyOf(recipients.names()));
        assertEquals(new Recipient.Email("ops", "ops@example.org", true), recipients.get("ops").orElseThrow());
        var hook = (Recipient.Webhook) recipients.get("hooks").orElseThrow();
        assertEquals(URI.create("https://hooks.example.org/newswatch"), hook.url());
        assertEquals(WebhookSecret.parse(SECRET), hook.secret());
        assertEquals("NEWSWATCH_HOOK_SECRET", hook.secretEnv());
        assertFalse(hook.isDefault());
    }

    @Test
    void routesRulesWithoutNotifyToTheDefaultRecipients() throws Exception {
        Recipients recipients = parse("""
                recipients:
                  ops: {email: ops@example.org, default: true}
                  desk: {email: desk@example.org, default: true}
                  hooks: {webhook: "https://hooks.example.org/x", secret_env: NEWSWATCH_HOOK_SECRET}
                """);
        assertEquals(List.of("ops", "desk"), recipients.recipientsFor(List.of()).stream().map(Recipient::name).toList());
        assertEquals(List.of("ops", "desk"), recipients.recipientsFor(null).stream().map(Recipient::name).toList());
        assertEquals(List.of("hooks"), recipients.recipientsFor(List.of("hooks", "hooks")).stream().map(Recipient::name).toList());
        assertEquals(List.of("hooks"), recipients.recipientsFor(List.of("nobody", "hooks")).stream().map(Recipient::name).toList());
        assertEquals(List.of("nobody"), recipients.unknown(List.of("nobody", "hooks")));
    }

    @Test
    void aMissingFileMeansNoRecipients(@TempDir Path dir) throws Exception {
        assertTrue(RecipientsFile.load(dir.resolve(RecipientsFile.FILE_NAME)).isEmpty());
    }

    @Test
    void anEmptyFileOrEmptyListMeansNoRecipients() throws Exception {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("recipients:\n").isEmpty());
    }

    @Test
    void loadsFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RecipientsFile.FILE_NAME);
        Files.writeString(file, "recipients:\n  ops:\n    email: ops@example.org\n");
        assertEquals(List.of("ops"), List.copyOf(RecipientsFile.load(file, ENV).names()));
    }

    @Test
    void aMissingSecretVariableIsAnErrorAtTheRecipientsSecretEnvLine() {
        var problem = onlyProblem("""
                recipients:
                  hooks:
                    webhook: https://hooks.example.org/x
                    secret_env: HOOK_SECRET_NOT_SET
                """);
        assertEquals(FILE, problem.file());
        assertEquals(4, problem.line());
        assertEquals(17, problem.column());
        assertTrue(problem.message().contains("recipient 'hooks'"), problem.message());
        assertTrue(problem.message().contains("HOOK_SECRET_NOT_SET is not set"), problem.message());
    }

    @Test
    void aSecretThatIsNotBase64IsAnErrorThatDoesNotEchoIt() {
        var e = assertThrows(InvalidFileException.class, () -> RecipientsFile.parse(FILE, """
                recipients:
                  hooks: {webhook: "https://h.example.org/", secret_env: S}
                """, Map.of("S", "whsec_not*base64!")::get));
        String message = e.problems().getFirst().message();
        assertTrue(message.contains("not whsec_ followed by base64"), message);
        assertFalse(message.contains("not*base64!"), message);
    }

    @Test
    void aWebhookWithoutSecretEnvIsAnError() {
        var problem = onlyProblem("""
                recipients:
                  hooks:
                    webhook: https://hooks.example.org/x
                """);
        assertEquals(3, problem.line());
        assertTrue(problem.message().contains("needs 'secret_env'"), problem.message());
    }

    @Test
    void unknownKeysAreReportedWithLineAndColumn() {
        var problem = onlyProblem("""
                recipients:
                  ops:
                    email: ops@example.org
                    defualt: true
                """);
        assertEquals(4, problem.line());
        assertEquals(5, problem.column());
        assertTrue(problem.message().contains("unknown key 'defualt'"), problem.message());
        assertTrue(problem.message().contains("email, webhook, secret_env, default"), problem.message());
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        var e = assertThrows(InvalidFileException.class, () -> parse("""
                recipients:
                  a: {email: not-an-address}
                  b: {webhook: "ftp://files.example.org/", secret_env: NEWSWATCH_HOOK_SECRET}
                  c: {email: c@example.org, webhook: "https://x.example.org/"}
                  d: {email: d@example.org, default: maybe}
                  "bad name!": {email: e@example.org}
                """));
        assertEquals(5, e.problems().size(), e.getMessage());
        assertEquals(List.of(2, 3, 4, 5, 6), e.problems().stream().map(FileProblem::line).toList());
        assertTrue(e.getMessage().contains("'not-an-address' is not an email address"), e.getMessage());
        assertTrue(e.getMessage().contains("must start with https://"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly one of 'email' or 'webhook'"), e.getMessage());
        assertTrue(e.getMessage().contains("'default' must be true or false"), e.getMessage());
        assertTrue(e.getMessage().contains("recipient name 'bad name!'"), e.getMessage());
    }

    @Test
    void anAddressCarryingHeaderInjectionIsRejected() {
        var problem = onlyProblem("recipients:\n  ops: {email: \"ops@example.org\\r\\nBcc: victim@example.org\"}\n");
        assertTrue(problem.message().contains("is not an email address"), problem.message());
        assertFalse(problem.message().contains("\r"), problem.message());
    }

    @Test
    void aNameGivenTwiceIsAnError() {
        var problem = onlyProblem("""
                recipients:
                  ops: {email: ops@example.org}
                  ops: {email: other@example.org}
                """);
        assertEquals(3, problem.line());
        assertTrue(problem.message().contains("'ops' appears twice"), problem.message());
    }

    @Test
    void invalidYamlIsReportedWithItsPosition() {
        var problem = onlyProblem("recipients:\n  ops: {email: ops@example.org\n  hooks: x\n");
        assertTrue(problem.message().startsWith("YAML syntax error"), problem.message());
        assertTrue(problem.line() >= 2, problem.toString());
    }

    @Test
    void readsThroughTheSharedYamlSourceWithTheSameProblemsAsRuleFiles(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve(RecipientsFile.FILE_NAME);
        Files.write(binary, new byte[] {'r', 'e', 'c', 0, '\n'});
        var e = assertThrows(InvalidFileException.class, () -> RecipientsFile.load(binary, ENV));
        assertEquals(binary + ":1:4: binary content (NUL byte); this file must be UTF-8 YAML text", e.problems().getFirst().toString());

        Files.writeString(binary, "# nobody yet\n");
        assertTrue(RecipientsFile.load(binary, ENV).isEmpty(), "a file of comments names no recipients");
    }

    @Test
    void checkReportsEveryProblemButLeavesUnsetSecretsToTheDaemon(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RecipientsFile.FILE_NAME);
        Files.writeString(file, """
                recipients:
                  hooks: {webhook: https://hooks.example.org/x, secret_env: NEWSWATCH_TEST_UNSET_SECRET_42}
                  ops: {email: not-an-address}
                """);
        var e = assertThrows(InvalidFileException.class, () -> RecipientsFile.check(file));
        assertEquals(List.of(file + ":3:16: recipient 'ops': 'not-an-address' is not an email address (name@example.org)"),
                e.problems().stream().map(FileProblem::toString).toList());
        var daemon = assertThrows(InvalidFileException.class, () -> RecipientsFile.load(file, name -> null));
        assertEquals(2, daemon.problems().size(), daemon.getMessage());
    }

    @Test
    void aWebhookUrlWithCredentialsIsRejected() {
        var problem = onlyProblem("recipients:\n  h: {webhook: \"https://user:pw@h.example.org/\", secret_env: NEWSWATCH_HOOK_SECRET}\n");
        assertTrue(problem.message().contains("must not carry a user name or password"), problem.message());
    }

    @Test
    void problemsPrintAsFileLineColumn() {
        assertEquals("rules/_recipients.yml:3:5: oops", new FileProblem(FILE, 3, 5, "oops").toString());
    }
}
