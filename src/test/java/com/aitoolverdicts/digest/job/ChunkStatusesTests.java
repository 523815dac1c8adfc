package com.aitoolverdicts.digest.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunk's status checks, with the clock given by hand (milliseconds after the page's query). */
class ChunkStatusesTests {

	private static final List<Long> CHUNK = List.of(1L, 2L, 3L, 4L);

	private final ChunkStatuses statuses = new ChunkStatuses();

	/** The checks asked, each answered by the test when it wants. */
	private final List<CompletableFuture<Set<Long>>> asked = new ArrayList<>();

	private final List<Set<Long>> askedIds = new ArrayList<>();

	private final Function<Set<Long>, CompletableFuture<Set<Long>>> ask = (ids) -> {
		CompletableFuture<Set<Long>> check = new CompletableFuture<>();
		this.askedIds.add(ids);
		this.asked.add(check);
		return check;
	};

	private static long ms(long millis) {
		return millis * 1_000_000;
	}

	private CompletableFuture<Boolean> statusAt(long subscriberId, long millis) {
		return this.statuses.statusOf(subscriberId, ms(millis), this.ask);
	}

	@Test
	void thePagesQueryVouchesForItsReadersUntilHalfATenthOfASecondWithoutAsking() {
		this.statuses.startChunk(CHUNK, ms(0));

		assertThat(statusAt(3, 49)).isCompletedWithValue(true);

		assertThat(this.asked).isEmpty();
	}

	@Test
	void theWholeChunkIsAskedAgainOnceTheNewestCheckIsHalfAsOldAndOnlyOnce() {
		this.statuses.startChunk(CHUNK, ms(0));

		// The page still answers at once; the next check is asked ahead of need.
		assertThat(statusAt(3, 50)).isCompletedWithValue(true);
		assertThat(statusAt(3, 99)).isCompletedWithValue(true);
		assertThat(this.askedIds).containsExactly(Set.copyOf(CHUNK));

		// Past the page's tenth of a second, the check asked at 50 ms answers, once it is in.
		CompletableFuture<Boolean> late = statusAt(3, 100);
		assertThat(late).isNotDone();
		this.asked.get(0).complete(Set.of(1L, 2L, 4L));
		assertThat(late).isCompletedWithValue(false);
		assertThat(this.askedIds).hasSize(1);

		assertThat(statusAt(4, 100)).isCompletedWithValue(true);
		statusAt(4, 101);
		assertThat(this.askedIds).as("the check of 50 ms is half as old at 100 ms").hasSize(2);
	}

	@Test
	void anAnsweredNewerCheckOverridesThePageAtOnce() {
		this.statuses.startChunk(CHUNK, ms(0));
		statusAt(1, 50);
		this.asked.get(0).complete(Set.of(1L, 2L, 3L));

		// Unsubscribed between the page's query and the check: seen as soon as the check answered.
		assertThat(statusAt(4, 55)).isCompletedWithValue(false);
	}

	@Test
	void aCheckThatFailedIsNotTrustedAgain() {
		this.statuses.startChunk(CHUNK, ms(0));
		statusAt(1, 50);
		this.asked.get(0).completeExceptionally(new IllegalStateException("database down"));

		// The page still vouches until 100 ms; the failed check is asked again meanwhile.
		assertThat(statusAt(1, 60)).isCompletedWithValue(true);
		assertThat(this.askedIds).hasSize(2);
		CompletableFuture<Boolean> after = statusAt(1, 110);
		this.asked.get(1).complete(Set.of(1L));
		assertThat(after).isCompletedWithValue(true);
	}

	@Test
	void aStaleCheckIsNeverTrusted() {
		this.statuses.startChunk(CHUNK, ms(0));

		// A slow message, or a wait for the rate limit: nothing asked less than 0.1 s ago.
		CompletableFuture<Boolean> slow = statusAt(2, 500);

		assertThat(slow).isNotDone();
		assertThat(this.askedIds).containsExactly(Set.copyOf(CHUNK));
		this.asked.get(0).complete(Set.of(1L));
		assertThat(slow).isCompletedWithValue(false);
	}

	@Test
	void withoutThePagesTimeTheFirstMessageAsks() {
		this.statuses.startChunk(CHUNK, null);

		CompletableFuture<Boolean> first = statusAt(1, 0);

		assertThat(this.askedIds).containsExactly(Set.copyOf(CHUNK));
		this.asked.get(0).complete(Set.of(1L));
		assertThat(first).isCompletedWithValue(true);
	}

	@Test
	void aNewChunkForgetsTheChecksOfTheLast() {
		this.statuses.startChunk(CHUNK, ms(0));
		statusAt(1, 50);

		this.statuses.startChunk(List.of(5L, 6L), ms(70));
		this.asked.get(0).complete(Set.of());

		assertThat(statusAt(5, 75)).isCompletedWithValue(true);
		statusAt(6, 170);
		assertThat(this.askedIds).containsExactly(Set.copyOf(CHUNK), Set.of(5L, 6L));
	}

}
