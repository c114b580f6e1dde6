package io.newswatch.matching;

import io.newswatch.rules.Rule;

import io.newswatch.rules.RuleSource;

import org.apache.lucene.search.Query;

/** A rule whose file parsed and whose query compiled: ready to register with the matcher. */
public record LoadedRule(RuleSource source, Query query) {
    public Rule rule() {
        return source.rule();
    }

    public String id() {
        return source.rule().id();
    }
}
