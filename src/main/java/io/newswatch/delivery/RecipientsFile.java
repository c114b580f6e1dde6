package io.newswatch.delivery;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code rules/_recipients.yml}:
 *
 * <pre>
 * recipients:
 *   ops:
 *     email: ops@example.org
 *     default: true
 *   hooks:
 *     webhook: https://hooks.example.org/newswatch
 *     secret_env: NEWSWATCH_HOOK_SECRET
 * </pre>
 *
 * The file is read at the node level (not into maps) so every problem can name its line and column.
 * Webhook secrets are only ever taken from the environment variable named by {@code secret_env},
 * so the file can be committed and reviewed like the rules.
 */
public final class RecipientsFile {
    public static final String FILE_NAME = "_recipients.yml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*");
    private static final List<String> KEYS = List.of("email", "webhook", "secret_env", "default");

    private RecipientsFile() {}

    /** Reads the file with secrets from the process environment; a missing file means no recipients. */
    public static Recipients load(Path file) throws InvalidFileException {
        return load(file, System::getenv);
    }

    /** As {@link #load(Path)}, reading secret environment variables through {@code env}. */
    public static Recipients load(Path file, Function<String, String> env) throws InvalidFileException {
        if (!Files.exists(file)) {
            return Recipients.NONE;
        }
        return read(YamlSource.readDocument(file, YamlSource.MAX_BYTES), file, env, true);
    }

    /**
     * Checks the file as {@code check-rules} does, away from the daemon's environment: every problem
     * except unset {@code secret_env} variables (CI has no secrets; the daemon reports them at start).
     * A missing file means no recipients.
     */
    public static Recipients check(Path file) throws InvalidFileException {
        if (!Files.exists(file)) {
            return Recipients.NONE;
        }
        return read(YamlSource.readDocument(file, YamlSource.MAX_BYTES), file, System::getenv, false);
    }

    /**
     * The recipient names a rule's {@code notify:} may use, for the rule loader: none when the rules
     * folder has no recipients file, empty (no check) when the file has errors, which the notifier
     * reports on its own.
     */
    public static Optional<Set<String>> knownNames(Path rulesDir) {
        try {
            return Optional.of(check(rulesDir.resolve(FILE_NAME)).names());
        } catch (InvalidFileException e) {
            return Optional.empty();
        }
    }

    /** Parses recipients from {@code text}; {@code file} is only used in messages. */
    public static Recipients parse(Path file, String text, Function<String, String> env) throws InvalidFileException {
        return read(YamlSource.parseDocument(file, text.getBytes(StandardCharsets.UTF_8)), file, env, true);
    }

    private static Recipients read(Optional<YamlSource> yaml, Path file, Function<String, String> env, boolean requireSecrets)
            throws InvalidFileException {
        var reading = new Reading(file, env, requireSecrets);
        List<Recipient> recipients = reading.read(yaml.map(YamlSource::root).orElse(null));
        if (!reading.problems.isEmpty()) {
            throw new InvalidFileException(reading.problems);
        }
        return new Recipients(recipients);
    }

    /** One pass over one file, collecting problems instead of stopping at the first. */
    private static final class Reading {
        final Path file;
        final Function<String, String> env;
        final boolean requireSecrets;
        final List<FileProblem> problems = new ArrayList<>();

        Reading(Path file, Function<String, String> env, boolean requireSecrets) {
            this.file = file;
            this.env = env;
            this.requireSecrets = requireSecrets;
        }

        List<Recipient> read(Node root) {
            List<Recipient> result = new ArrayList<>();
            if (root == null || isNull(root)) {
                return result;
            }
            if (!(root instanceof MappingNode rootMap)) {
                problem(root, "expected a mapping with the key 'recipients'");
                return result;
            }
            Node recipientsNode = null;
            for (NodeTuple tuple : uniqueKeys(rootMap)) {
                String key = scalar(tuple.getKeyNode());
                if ("recipients".equals(key)) {
                    recipientsNode = tuple.getValueNode();
                } else {
                    problem(tuple.getKeyNode(), "unknown key '" + key + "'; the file has one key, 'recipients'");
                }
            }
            if (recipientsNode == null || isNull(recipientsNode)) {
                return result;
            }
            if (!(recipientsNode instanceof MappingNode recipientsMap)) {
                problem(recipientsNode, "'recipients' must map recipient names to their settings");
                return result;
            }
            for (NodeTuple tuple : uniqueKeys(recipientsMap)) {
                String name = scalar(tuple.getKeyNode());
                if (name == null || !NAME.matcher(name).matches()) {
                    problem(tuple.getKeyNode(), "recipient name '" + name
                            + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                    continue;
                }
                recipient(name, tuple.getValueNode()).ifPresent(result::add);
            }
            return result;
        }

        Optional<Recipient> recipient(String name, Node node) {
            if (!(node instanceof MappingNode map)) {
                problem(node, "recipient '" + name + "' must be a mapping with 'email' or 'webhook'");
                return Optional.empty();
            }
            Node email = null, webhook = null, secretEnv = null, isDefault = null;
            for (NodeTuple tuple : uniqueKeys(map)) {
                String key = scalar(tuple.getKeyNode());
                Node value = tuple.getValueNode();
                switch (key == null ? "" : key) {
                    case "email" -> email = value;
                    case "webhook" -> webhook = value;
                    case "secret_env" -> secretEnv = value;
                    case "default" -> isDefault = value;
                    default -> problem(tuple.getKeyNode(), "recipient '" + name + "': unknown key '" + key
                            + "'; expected one of " + String.join(", ", KEYS));
                }
            }
            int before = problems.size();
            boolean dflt = false;
            if (isDefault != null) {
                String value = scalar(isDefault);
                if ("true".equalsIgnoreCase(value)) {
                    dflt = true;
                } else if (!"false".equalsIgnoreCase(value)) {
                    problem(isDefault, "recipient '" + name + "': 'default' must be true or false");
                }
            }
            if ((email == null) == (webhook == null)) {
                problem(map, "recipient '" + name + "' needs exactly one of 'email' or 'webhook'");
                return Optional.empty();
            }
            if (email != null) {
                if (secretEnv != null) {
                    problem(secretEnv, "recipient '" + name + "': 'secret_env' only applies to webhooks");
                }
                String address = scalar(email);
                if (address == null || !EMAIL.matcher(address).matches()) {
                    problem(email, "recipient '" + name + "': '" + printable(address) + "' is not an email address (name@example.org)");
                }
                return problems.size() > before ? Optional.empty() : Optional.of(new Recipient.Email(name, address, dflt));
            }
            URI url = webhookUrl(name, webhook);
            WebhookSecret secret = null;
            String envName = null;
            if (secretEnv == null) {
                problem(map, "recipient '" + name + "': a webhook needs 'secret_env', the environment variable holding its signing secret");
            } else {
                envName = scalar(secretEnv);
                if (envName == null || !ENV_NAME.matcher(envName).matches()) {
                    problem(secretEnv, "recipient '" + name + "': 'secret_env' must be an environment variable name such as NEWSWATCH_HOOK_SECRET");
                } else {
                    secret = secret(name, envName, secretEnv);
                }
            }
            return problems.size() > before ? Optional.empty() : Optional.of(new Recipient.Webhook(name, url, envName, secret, dflt));
        }

        URI webhookUrl(String name, Node node) {
            String text = scalar(node);
            String what = "recipient '" + name + "': webhook '" + printable(text) + "' ";
            if (text == null || text.isBlank()) {
                problem(node, "recipient '" + name + "': 'webhook' must be an http or https URL");
                return null;
            }
            URI url;
            try {
                url = new URI(text.strip());
            } catch (URISyntaxException e) {
                problem(node, what + "is not a valid URL: " + e.getReason());
                return null;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem(node, what + "must start with https:// (or http://)");
            } else if (url.getHost() == null || url.getHost().isEmpty()) {
                problem(node, what + "has no host name");
            } else if (url.getRawUserInfo() != null) {
                problem(node, what + "must not carry a user name or password; the request is signed instead");
            } else if (url.getRawFragment() != null) {
                problem(node, what + "must not have a '#' fragment");
            } else {
                return url;
            }
            return null;
        }

        WebhookSecret secret(String name, String envName, Node node) {
            String value = env.apply(envName);
            if ((value == null || value.isBlank()) && !requireSecrets) {
                return null;
            }
            if (value == null || value.isBlank()) {
                problem(node, "recipient '" + name + "': environment variable " + envName
                        + " is not set; set it to the webhook's signing secret (" + WebhookSecret.PREFIX + " followed by base64)");
                return null;
            }
            try {
                return WebhookSecret.parse(value);
            } catch (IllegalArgumentException e) {
                problem(node, "recipient '" + name + "': environment variable " + envName + ": " + e.getMessage());
                return null;
            }
        }

        List<NodeTuple> uniqueKeys(MappingNode map) {
            Set<String> seen = new HashSet<>();
            List<NodeTuple> result = new ArrayList<>();
            for (NodeTuple tuple : map.getValue()) {
                String key = scalar(tuple.getKeyNode());
                if (key == null) {
                    problem(tuple.getKeyNode(), "keys must be plain text");
                } else if (!seen.add(key)) {
                    problem(tuple.getKeyNode(), "'" + key + "' appears twice");
                } else {
                    result.add(tuple);
                }
            }
            return result;
        }

        void problem(Node node, String message) {
            Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
            problems.add(new FileProblem(file,
                    mark.map(m -> m.getLine() + 1).orElse(1),
                    mark.map(m -> m.getColumn() + 1).orElse(1),
                    message));
        }

        static String scalar(Node node) {
            return node instanceof ScalarNode s ? s.getValue() : null;
        }

        static boolean isNull(Node node) {
            return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
        }

        /** Echoes user text in messages without letting control characters into the log line. */
        static String printable(String text) {
            if (text == null) {
                return "";
            }
            String cleaned = text.replaceAll("\\p{Cntrl}", "?");
            return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
        }
    }
}
