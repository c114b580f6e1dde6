/**
 * A frozen copy of the matching engine as it was before issue 14 (Monitor with Lucene's default
 * presearcher, every candidate part rewritten and run per document), kept only so that
 * equivalence tests can check the current engine gives the same matches and highlights.
 */
package io.newswatch.matching.legacy;
