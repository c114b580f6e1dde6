/**
 * Online story clustering: groups documents about the same event into stories, one decision per
 * document as it arrives, with near-duplicate detection. Plain Java with no framework or Kafka
 * dependency, so the daemon's pipeline and the {@code cluster} command run the same code.
 * Depends only on {@code java.*}.
 */
package io.newswatch.stories;
