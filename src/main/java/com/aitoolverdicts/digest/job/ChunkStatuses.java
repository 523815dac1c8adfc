package com.aitoolverdicts.digest.job;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Whether the subscribers of the chunk being sent are still active, from checks that each cover
 * the whole chunk: first the query that read the page, then the same question asked again for
 * all of the chunk while it goes. A message trusts only a check asked less than
 * {@link #FRESH_NANOS} (100 ms) before it starts going, so an unsubscribe that lands that long
 * before is seen; a new check is asked once the newest is half that old, so that at speed the
 * messages never wait for one. The connections share the checks: a chunk asks one query every
 * 50 ms or so instead of one a message. Times are {@link System#nanoTime()}. Thread-safe.
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
	private List<Long> ids = List.of();

	/** The newest answered check (or the page's), null when there is none. */
	private Check answered;

	/** A newer check, asked and not answered yet; null when there is none. */
	private Check asking;

	/**
	 * A new chunk: the ids of its subscribers, and when the query of the page they were read from
	 * as active began, or null when that is not known (the first message then asks).
	 */
	synchronized void startChunk(List<Long> chunkIds, Long pageReadAt) {
		this.ids = List.copyOf(chunkIds);
		this.answered = (pageReadAt != null) ? new Check(pageReadAt, CompletableFuture.completedFuture(Set.copyOf(chunkIds)))
				: null;
		this.asking = null;
	}

	/**
	 * Whether the subscriber is still active, as the newest check asked less than
	 * {@link #FRESH_NANOS} before {@code now} says (an answered one rather than one still asked);
	 * if there is none, asks one with {@code ask} (given the chunk's ids) and answers from it.
	 */
	synchronized CompletableFuture<Boolean> statusOf(long subscriberId, long now,
			Function<List<Long>, CompletableFuture<Set<Long>>> ask) {
		CompletableFuture<Set<Long>> active = freshAt(now);
		if (active == null) {
			// None is fresh, so the newest is more than FRESH / 2 old: this asks, and nobody else
			// can ask or answer in between (the same lock).
			askIfAging(now, ask, Function.identity());
			active = Objects.requireNonNull(freshAt(now), "a check was just asked");
		}
		Set<Long> answer = active.getNow(null);
		if (answer != null) {
			return answer.contains(subscriberId) ? ACTIVE : NOT_ACTIVE;
		}
		// A Rounds.Answer: its dependent keeps its ticket, so that waiting for it hurries its round.
		return active.thenApply((found) -> found.contains(subscriberId));
	}

	/**
	 * Asks the chunk's statuses again with {@code ask} (given the chunk's ids) when the newest check
	 * was asked {@link #FRESH_NANOS} / 2 or more before {@code now}, or there is none; returns what
	 * {@code ask} returned, or null when it was not called. {@code answer} finds the check's
	 * answer in it.
	 */
	synchronized <R> R askIfAging(long now, Function<List<Long>, R> ask, Function<R, CompletableFuture<Set<Long>>> answer) {
		Check newest = (this.asking != null) ? this.asking : this.answered;
		if (newest != null && now - newest.askedAt() < FRESH_NANOS / 2) {
			return null;
		}
		R asked = ask.apply(this.ids);
		this.asking = new Check(now, answer.apply(asked));
		return asked;
	}

	/** The answer of the newest check asked less than {@link #FRESH_NANOS} before {@code now}, answered ones first. */
	private synchronized CompletableFuture<Set<Long>> freshAt(long now) {
		if (this.asking != null && this.asking.active().isDone()) {
			if (!this.asking.active().isCompletedExceptionally()) {
				this.answered = this.asking;
			}
			// A check that failed is not trusted again: the next message asks anew.
			this.asking = null;
		}
		if (this.answered != null && now - this.answered.askedAt() < FRESH_NANOS) {
			return this.answered.active();
		}
		if (this.asking != null && now - this.asking.askedAt() < FRESH_NANOS) {
			return this.asking.active();
		}
		return null;
	}

	/** A check of the whole chunk: when it was asked, and the ids it found active. */
	private record Check(long askedAt, CompletableFuture<Set<Long>> active) {
	}

}
