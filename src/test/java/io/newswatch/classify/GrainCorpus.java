package io.newswatch.classify;

import io.newswatch.matching.EvaluationSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small labelled corpus for a rule {@code grain} ({@code grain NEAR/3 export*}) with a classifier:
 * grain-export stories are true reports when a government acts, false alarms when a museum or a
 * history lesson speaks of them. All documents fall in the development split.
 */
public final class GrainCorpus {
    private GrainCorpus() {}

    static final String[] TRUE_REPORTS = {
        "The government banned grain exports on Monday to keep bread prices down, the ministry said.",
        "Officials said the government will halt grain exports from next week after a poor harvest.",
        "The cabinet approved a ban on grain exports, the agriculture minister told reporters.",
        "Grain exports were suspended by government decree, the trade ministry announced.",
        "The government imposed a quota on grain exports to protect the domestic market, officials said.",
        "Ministers agreed to lift the ban on grain exports, a government spokesman said on Tuesday.",
        "The government said grain exports would be restricted until the end of the year.",
        "A government decree cut grain exports by half, the ministry said in a statement.",
    };
    static final String[] FALSE_ALARMS = {
        "A museum exhibition recalls how grain exports shaped the ancient port city, curators said.",
        "The history museum opened a gallery on medieval grain exports and the merchants who ran them.",
        "In a lecture on history, the professor described grain exports in the nineteenth century.",
        "The museum's new wing tells the history of grain exports through old ledgers and maps.",
        "Visitors to the museum can see a model ship that once carried grain exports to Venice.",
        "A history book club discussed grain exports of the Roman empire at the museum on Sunday.",
        "The museum curator said the history of grain exports is told in letters and diaries.",
        "Schoolchildren learned the history of grain exports during a museum visit on Friday.",
    };

    /**
     * Writes {@code dir/corpus/labels.tsv}, {@code dir/corpus/docs/*} and {@code dir/rules/grain.yml}
     * (its classifier naming {@code ../corpus/labels.tsv}).
     *
     * @return the rule file
     */
    public static Path write(Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path docs = Files.createDirectories(dir.resolve("corpus/docs"));
        List<String> names = developmentNames(TRUE_REPORTS.length + FALSE_ALARMS.length);
        StringBuilder labels = new StringBuilder("# test corpus\n");
        for (int i = 0; i < names.size(); i++) {
            boolean yes = i < TRUE_REPORTS.length;
            String text = yes ? TRUE_REPORTS[i] : FALSE_ALARMS[i - TRUE_REPORTS.length];
            Files.writeString(docs.resolve(names.get(i)), "Grain story " + i + "\n\n" + text + "\n");
            labels.append("docs/").append(names.get(i)).append("\tgrain\t").append(yes ? "yes" : "no").append("\t\n");
        }
        Files.writeString(dir.resolve("corpus/labels.tsv"), labels);
        Path rule = rules.resolve("grain.yml");
        Files.writeString(rule, """
                id: grain
                title: Grain export curbs
                severity: low
                query: grain NEAR/3 export*
                classifier:
                  labels: ../corpus/labels.tsv
                  threshold: 0.5
                examples:
                  match:
                    - The government banned grain exports.
                """);
        return rule;
    }

    /** File names the fixed split puts in the development part, the only part a classifier learns from. */
    static List<String> developmentNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < count; i++) {
            String name = "grain-" + i + ".txt";
            if (EvaluationSplit.DEVELOPMENT.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
