package io.newswatch.api;

import io.newswatch.rules.Rule;
import io.newswatch.config.FileProblem;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.matching.RuleState;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/rules}: every rule file, the version in force and, for a broken file, why. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    @Inject RuleRegistry rules;

    public record RuleView(String id, String file, String status, String title, String severity, String topic,
                           List<String> recipients, String query, List<String> problems, List<String> warnings) {}

    public record RulesView(int active, List<RuleView> rules, List<String> problems) {}

    @GET
    public RulesView list() {
        List<RuleView> views = rules.states().stream().map(RulesResource::view).toList();
        return new RulesView(rules.activeCount(), views, rules.globalProblems().stream().map(FileProblem::toString).toList());
    }

    private static RuleView view(RuleState state) {
        Rule rule = state.active();
        List<String> problems = state.problems().stream().map(FileProblem::toString).toList();
        List<String> warnings = state.warnings().stream().map(FileProblem::toString).toList();
        if (rule == null) {
            return new RuleView(null, state.file().toString(), state.status(), null, null, null, List.of(), null, problems, warnings);
        }
        return new RuleView(rule.id(), state.file().toString(), state.status(), rule.title(), rule.severity().label(),
                rule.topic(), rule.recipients(), rule.query(), problems, warnings);
    }
}
