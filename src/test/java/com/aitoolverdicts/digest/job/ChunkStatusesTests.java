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

	private final List<List<Long>> askedIds = new ArrayList<>();

	private final Function<List<Long>, CompletableFuture<Set<Long>>> ask = (ids) -> {
		CompletableFuture<Set<Long>> check = new CompletableFuture<>();
		this.askedIds.add(ids);
		this.asked.add(check);
		return check;
	};

	private static long ms(long millis) {
		return millis * 1_000_000;
	}

	@Test
	void thePagesQueryVouchesForItsReadersForATenthOfASecondWithoutAsking() {
		this.statuses.startChunk(CHUNK, ms(0));

		assertThat(this.statuses.statusOf(3, ms(99), this.ask)).isCompletedWithValue(true);
		assertThat(this.asked).isEmpty();

		CompletableFuture<Boolean> late = this.statuses.statusOf(3, ms(100), this.ask);

		assertThat(this.askedIds).containsExactly(CHUNK);
		assertThat(late).isNotDone();
		this.asked.get(0).complete(Set.of(1L, 2L, 4L));
		assertThat(late).isCompletedWithValue(false);
	}

	@Test
	void theWholeChunkIsAskedAgainOnceTheNewestCheckIsHalfAsOldAndOnlyOnce() {
		this.statuses.startChunk(CHUNK, ms(0));

		assertThat(this.statuses.askIfAging(ms(49), this.ask, Function.identity())).isNull();
		assertThat(this.statuses.askIfAging(ms(50), this.ask, Function.identity())).isNotNull();
		assertThat(this.statuses.askIfAging(ms(60), this.ask, Function.identity())).isNull();
		assertThat(this.statuses.askIfAging(ms(99), this.ask, Function.identity())).isNull();
		assertThat(this.askedIds).containsExactly(CHUNK);

		assertThat(this.statuses.askIfAging(ms(100), this.ask, Function.identity())).isNotNull();
		assertThat(this.askedIds).hasSize(2);
	}

	@Test
	void aMessageUsesTheAnsweredCheckWhileItIsFreshNotTheOneStillAsked() {
		this.statuses.startChunk(CHUNK, ms(0));
		this.statuses.askIfAging(ms(60), this.ask, Function.identity());

		// The page's answer is 80 ms old and answered: no wait for the check asked at 60 ms.
		assertThat(this.statuses.statusOf(2, ms(80), this.ask)).isCompletedWithValue(true);

		// Past the page's tenth of a second, the one asked at 60 ms answers, once it is in.
		CompletableFuture<Boolean> waiting = this.statuses.statusOf(2, ms(120), this.ask);
		assertThat(waiting).isNotDone();
		this.asked.get(0).complete(Set.of(1L, 3L));
		assertThat(waiting).isCompletedWithValue(false);
		assertThat(this.statuses.statusOf(1, ms(150), this.ask)).isCompletedWithValue(true);
		assertThat(this.askedIds).hasSize(1);
	}

	@Test
	void anAnsweredNewerCheckOverridesThePageAtOnce() {
		this.statuses.startChunk(CHUNK, ms(0));
		this.statuses.askIfAging(ms(50), this.ask, Function.identity());
		this.asked.get(0).complete(Set.of(1L, 2L, 3L));

		// Unsubscribed between the page's query and the check: seen as soon as the check answered.
		assertThat(this.statuses.statusOf(4, ms(55), this.ask)).isCompletedWithValue(false);
	}

	@Test
	void aCheckThatFailedIsNotTrustedAgain() {
		this.statuses.startChunk(CHUNK, ms(0));
		this.statuses.askIfAging(ms(50), this.ask, Function.identity());
		this.asked.get(0).completeExceptionally(new IllegalStateException("database down"));

		// The page still vouches until 100 ms; after that the failed check is asked again.
		assertThat(this.statuses.statusOf(1, ms(90), this.ask)).isCompletedWithValue(true);
		CompletableFuture<Boolean> after = this.statuses.statusOf(1, ms(110), this.ask);

		assertThat(this.askedIds).hasSize(2);
		this.asked.get(1).complete(Set.of(1L));
		assertThat(after).isCompletedWithValue(true);
	}

	@Test
	void withoutThePagesTimeTheFirstMessageAsks() {
		this.statuses.startChunk(CHUNK, null);

		CompletableFuture<Boolean> first = this.statuses.statusOf(1, ms(0), this.ask);

		assertThat(this.askedIds).containsExactly(CHUNK);
		this.asked.get(0).complete(Set.of(1L));
		assertThat(first).isCompletedWithValue(true);
	}

	@Test
	void aNewChunkForgetsTheChecksOfTheLast() {
		this.statuses.startChunk(CHUNK, ms(0));
		this.statuses.askIfAging(ms(50), this.ask, Function.identity());

		this.statuses.startChunk(List.of(5L, 6L), ms(70));
		this.asked.get(0).complete(Set.of());

		assertThat(this.statuses.statusOf(5, ms(75), this.ask)).isCompletedWithValue(true);
		this.statuses.statusOf(6, ms(170), this.ask);
		assertThat(this.askedIds).containsExactly(CHUNK, List.of(5L, 6L));
	}

}
