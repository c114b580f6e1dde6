package io.newswatch.matching;

import io.newswatch.config.FileProblem;

import io.newswatch.rules.Aliases;


import java.util.List;

/**
 * Everything found in a rules directory: the rules that loaded and the problems of the files
 * that did not. A bad file never hides the good ones.
 */
public record RuleSet(Aliases aliases, List<LoadedRule> rules, List<FileProblem> problems) {
    public RuleSet {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }
}
