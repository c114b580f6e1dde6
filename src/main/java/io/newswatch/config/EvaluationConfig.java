package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The rules in force measured on a labels file, shown on the console's rules page and at
 * {@code GET /api/rules/{id}/evaluation}; the same figures as the {@code evaluate} command.
 */
@ConfigMapping(prefix = "newswatch.evaluation")
public interface EvaluationConfig {
    /**
     * The labels file ({@code NEWSWATCH_EVALUATION_LABELS}, {@code document<TAB>rule<TAB>yes|no} per line, as
     * {@code evaluate --labels}); unset: no evaluation.
     */
    Optional<String> labels();

    /** The folder the labels' document paths are read from ({@code NEWSWATCH_EVALUATION_DOCS}); unset: the labels file's folder. */
    Optional<String> docs();

    /** Which documents count ({@code NEWSWATCH_EVALUATION_SPLIT}): {@code all}, {@code dev} or {@code validation}, as {@code evaluate --split}. */
    @WithDefault("all")
    String split();
}
