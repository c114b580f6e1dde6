package io.newswatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The root {@code Dockerfile}, read as far as the operations tests need: the stages and their base
 * images, and of the final stage the environment, the files copied from the build context, the
 * user, the healthcheck and the entrypoint. Line continuations and comment lines are handled as
 * Docker handles them; build arguments are not expanded (the file uses none).
 */
record Dockerfile(List<Stage> stages) {

    /** One {@code FROM} and what follows it. */
    record Stage(String image, Optional<String> name, List<Instruction> instructions) {

        /** The {@code ENV} variables in force at the end of the stage. */
        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                List<String> words = words(i.arguments());
                if (!words.isEmpty() && !words.get(0).contains("=")) { // legacy form: ENV NAME value with spaces
                    env.put(words.get(0), i.arguments().strip().substring(words.get(0).length()).strip());
                    continue;
                }
                for (String word : words) {
                    int eq = word.indexOf('=');
                    env.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            return env;
        }

        List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction i : all("COPY")) {
                if (i.arguments().strip().startsWith("[")) {
                    throw new IllegalArgumentException("Dockerfile line " + i.line() + ": COPY in JSON form is not understood by this reader");
                }
                Optional<String> from = Optional.empty();
                List<String> paths = new ArrayList<>();
                for (String word : words(i.arguments())) {
                    if (word.startsWith("--from=")) {
                        from = Optional.of(word.substring("--from=".length()));
                    } else if (!word.startsWith("--")) {
                        paths.add(word);
                    }
                }
                copies.add(new Copy(from, paths.subList(0, paths.size() - 1), paths.get(paths.size() - 1)));
            }
            return copies;
        }

        /** The last value of an instruction that takes one ({@code USER}, {@code WORKDIR}, {@code ENTRYPOINT}, ...). */
        Optional<String> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1).arguments().strip());
        }

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    record Instruction(String keyword, String arguments, int line) {}

    /** A {@code COPY}: from the build context, or from an earlier stage when {@code fromStage} is set. */
    record Copy(Optional<String> fromStage, List<String> sources, String destination) {}

    static Dockerfile read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        String pendingImage = null;
        Optional<String> pendingName = Optional.empty();
        List<Instruction> pending = new ArrayList<>();
        for (Instruction i : instructions(text)) {
            if (i.keyword().equals("FROM")) {
                if (pendingImage != null) {
                    stages.add(new Stage(pendingImage, pendingName, pending));
                }
                List<String> words = new ArrayList<>(words(i.arguments()));
                words.removeIf(w -> w.startsWith("--platform="));
                pendingImage = words.get(0);
                pendingName = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? Optional.of(words.get(2)) : Optional.empty();
                pending = new ArrayList<>();
            } else if (pendingImage != null) {
                pending.add(i);
            }
        }
        if (pendingImage == null) {
            throw new IllegalArgumentException("the Dockerfile has no FROM");
        }
        stages.add(new Stage(pendingImage, pendingName, pending));
        return new Dockerfile(stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The images stages start from, without references to earlier stages ({@code FROM build}). */
    List<String> baseImages() {
        List<String> images = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        for (Stage stage : stages) {
            if (!earlier.contains(stage.image())) {
                images.add(stage.image());
            }
            stage.name().ifPresent(earlier::add);
        }
        return images;
    }

    /** Joins continued lines (a trailing backslash) and drops comment and blank lines, as Docker does. */
    private static List<Instruction> instructions(String text) {
        List<Instruction> result = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = null;
        int startLine = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current == null)) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                startLine = n + 1;
            }
            boolean continued = trimmed.endsWith("\\");
            current.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continued) {
                String joined = current.toString().strip();
                int space = joined.indexOf(' ');
                String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
                result.add(new Instruction(keyword, space < 0 ? "" : joined.substring(space + 1), startLine));
                current = null;
            }
        }
        return result;
    }

    /** Splits on whitespace outside double quotes, removing the quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any || !word.isEmpty()) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || !word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
