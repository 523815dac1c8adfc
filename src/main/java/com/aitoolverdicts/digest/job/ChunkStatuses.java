package com.aitoolverdicts.digest.job;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Whether the subscribers of the chunk being sent are still active, from checks that each cover
 * the whole chunk: first the query that read the page, then the same question asked again for
 * all of the chunk while it goes. A message trusts only a check asked less than
 * {@link #FRESH_NANOS} (100 ms) before it starts going, so an unsubscribe that lands that long
 * before is seen; the message that finds the newest check half that old asks the next, so that
 * at speed no message waits for one. The connections share the checks: a chunk asks one query
 * every 50 ms or so instead of one a message. Times are {@link System#nanoTime()}. Thread-safe.
 */
final class ChunkStatuses {

	/**
	 * How long before a message starts going its check may have been asked (100 ms): about how late
	 * an unsubscribe can land and still stop the message. At 4,000 messages a second a chunk of
	 * 1,000 takes a quarter of a second, and is asked about four or five times.
	 */
	static final long FRESH_NANOS = 100_000_000;

	private static final CompletableFuture<Boolean> ACTIVE = CompletableFuture.completedFuture(true);

	private static final CompletableFuture<Boolean> NOT_ACTIVE = CompletableFuture.completedFuture(false);

	/** The ids of the chunk's subscribers. */
	private Set<Long> ids = Set.of();

	/** The newest answered check (or the page's), null when there is none. */
	private Check answered;

	/** A newer check, asked and not answered yet; null when there is none. */
	private Check asking;

	/**
	 * A new chunk: the ids of its subscribers, and when the query of the page they were read from
	 * as active began, or null when that is not known (the first message then asks).
	 */
	synchronized void startChunk(List<Long> chunkIds, Long pageReadAt) {
		this.ids = Set.copyOf(chunkIds);
		this.answered = (pageReadAt != null) ? new Check(pageReadAt, CompletableFuture.completedFuture(this.ids)) : null;
		this.asking = null;
	}

	/**
	 * Whether the subscriber is still active, as the newest check asked less than
	 * {@link #FRESH_NANOS} before {@code now} says, an answered one rather than one still asked.
	 * First asks the chunk again with {@code ask} (given the chunk's ids) when no check is being
	 * asked and the answered one was asked {@link #FRESH_NANOS} / 2 or more before {@code now} (or
	 * there is none), or when the one being asked is too old to trust.
	 */
	synchronized CompletableFuture<Boolean> statusOf(long subscriberId, long now,
			Function<Set<Long>, CompletableFuture<Set<Long>>> ask) {
		if (this.asking != null && this.asking.active().isDone()) {
			if (!this.asking.active().isCompletedExceptionally()) {
				this.answered = this.asking;
			}
			// A check that failed is not trusted again: this message asks anew.
			this.asking = null;
		}
		boolean due = (this.asking != null) ? now - this.asking.askedAt() >= FRESH_NANOS
				: this.answered == null || now - this.answered.askedAt() >= FRESH_NANOS / 2;
		if (due) {
			this.asking = new Check(now, ask.apply(this.ids));
		}
		// Either the answered check is fresh, or the one being asked is: asked now, or less than
		// FRESH ago and not answered yet (asking it again would not be answered sooner).
		Check trusted = (this.answered != null && now - this.answered.askedAt() < FRESH_NANOS) ? this.answered
				: this.asking;
		Set<Long> answer = trusted.active().getNow(null);
		if (answer != null) {
			return answer.contains(subscriberId) ? ACTIVE : NOT_ACTIVE;
		}
		// A Rounds.Answer: its dependent keeps its ticket, so that waiting for it hurries its round.
		return trusted.active().thenApply((found) -> found.contains(subscriberId));
	}

	/** A check of the whole chunk: when it was asked, and the ids it found active. */
	private record Check(long askedAt, CompletableFuture<Set<Long>> active) {
	}

}
