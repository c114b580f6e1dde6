package io.newswatch.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.newswatch.rules.Rule;
import io.newswatch.config.FileProblem;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.matching.RuleState;
import io.newswatch.evaluation.EvaluationReport;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.evaluation.RuleFigures;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/rules}: every rule file, the version in force and, for a broken file, why;
 * {@code GET /api/rules/{id}/evaluation}: how the rule in force does on the labels file of
 * {@code NEWSWATCH_EVALUATION_LABELS} (the {@code evaluate} command's figures, kept up to date in the background).
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    @Inject RuleRegistry rules;
    @Inject RuleEvaluations evaluations;

    public record RuleView(String id, String file, String status, String title, String severity, String topic,
                           List<String> recipients, String query, List<String> problems, List<String> warnings) {}

    public record RulesView(int active, List<RuleView> rules, List<String> problems) {}

    /**
     * One rule's evaluation: its figures as {@code evaluate --json} gives a rule ({@link RuleFigures}, in the same
     * object), and {@code state}: {@code ok} (the figures), {@code running} (the first evaluation is not done yet),
     * {@code failed} (no evaluation could be made: {@code error} says why), {@code unlabelled} (the labels file has
     * no usable label for this rule); without figures they are null. {@code current} is false while the figures
     * are of an earlier version of the rules or of the labels file (a new evaluation is running, or the last one
     * failed: {@code error}).
     */
    public record EvaluationView(@JsonUnwrapped RuleFigures figures, String state, String labels, String documents, String split,
                                 Instant evaluatedAt, boolean current, boolean running, List<String> problems, String error) {}

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

    @GET
    @Path("{id}/evaluation")
    @Operation(summary = "A rule's precision and recall on the configured labels file",
            description = "The rule in force evaluated as the evaluate command does, on the labels file named by NEWSWATCH_EVALUATION_LABELS"
                    + " (documents read from NEWSWATCH_EVALUATION_DOCS, default the labels file's folder): true and false positives and"
                    + " negatives, precision, recall, F1, each false positive with the words that fired the rule and each false"
                    + " negative with its title. Computed in the background after each rules reload; the last result is kept when a"
                    + " later run fails, and error says why.")
    @APIResponse(responseCode = "200", description = "the evaluation (state ok, running, failed or unlabelled)")
    @APIResponse(responseCode = "404", description = "no rule with this id is in force, or no labels file is configured")
    public Response evaluation(@Parameter(description = "the rule id") @PathParam("id") String id) {
        var status = evaluations.status().orElse(null);
        if (status == null) {
            return MatchResource.error(404, "no labels file is configured; set NEWSWATCH_EVALUATION_LABELS to a labels file"
                    + " (document<TAB>rule<TAB>yes|no per line, as evaluate --labels) to evaluate the rules in force");
        }
        if (rules.rule(id).isEmpty()) {
            return MatchResource.error(404, "no rule \"" + id + "\" is in force");
        }
        return Response.ok(evaluationView(id, status)).build();
    }

    /** The evaluation of rule {@code id} (in force) as the evaluations' status has it. */
    static EvaluationView evaluationView(String id, RuleEvaluations.Status status) {
        EvaluationReport report = status.report();
        String labels = status.labels().toString();
        String documents = status.documents().toString();
        String split = status.split().label();
        if (report == null) {
            String state = status.running() ? "running" : status.error() != null ? "failed" : "running";
            return new EvaluationView(RuleFigures.none(id), state, labels, documents, split, null, false, status.running(),
                    status.errorProblems(), status.error());
        }
        return report.score(id)
                .map(score -> new EvaluationView(RuleFigures.of(score), "ok", labels, documents, split, status.reportTime(), status.current(),
                        status.running(), report.problems(), status.error()))
                .orElseGet(() -> new EvaluationView(RuleFigures.none(id), "unlabelled", labels, documents, split, status.reportTime(),
                        status.current(), status.running(), report.problems(), status.error()));
    }
}
