package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's rounds: without a gathering time a round goes as soon as a request is there; with
 * one, it waits until someone waits for one of its requests, or until the time is over.
 */
class RoundsTests {

	private static final Duration A_MINUTE = Duration.ofMinutes(1);

	private final BlockingQueue<List<String>> answered = new LinkedBlockingQueue<>();

	private Rounds<Asked> rounds;

	@AfterEach
	void close() {
		this.rounds.close();
	}

	@Test
	void withoutGatheringARoundGoesAsSoonAsARequestIsThere() throws Exception {
		this.rounds = rounds(Duration.ZERO);
		Asked a = add("a");

		assertThat(nextRound(Duration.ofSeconds(5))).containsExactly("a");
		assertThat(a.answer().get(5, TimeUnit.SECONDS)).isEqualTo("answer to a");
	}

	@Test
	void aGatheringRoundWaitsUntilSomeoneWaitsForOneOfItsRequests() throws Exception {
		this.rounds = rounds(A_MINUTE);
		add("a");
		Asked b = add("b");
		add("c");

		assertThat(nextRound(Duration.ofMillis(300))).as("a round nobody waits for yet").isNull();
		// Waiting for a dependent of b's answer (as the send does, through whenComplete) is waiting for b.
		Rounds.Answer.hurry(b.answer().whenComplete((answer, failure) -> {
		}));
		assertThat(nextRound(Duration.ofSeconds(5))).containsExactly("a", "b", "c");
	}

	@Test
	void waitingForAnAnswerAlreadyGivenDoesNotCutTheNextRoundShort() throws Exception {
		this.rounds = rounds(A_MINUTE);
		Asked a = add("a");
		Rounds.Answer.hurry(a.answer());
		assertThat(nextRound(Duration.ofSeconds(5))).containsExactly("a");
		Asked b = add("b");

		this.rounds.demand(a.ticket().number());
		Rounds.Answer.hurry(a.answer());

		assertThat(nextRound(Duration.ofMillis(300))).isNull();
		Rounds.Answer.hurry(b.answer());
		assertThat(nextRound(Duration.ofSeconds(5))).containsExactly("b");
	}

	@Test
	void aRoundNobodyWaitsForGoesWhenTheGatheringTimeIsOver() throws Exception {
		this.rounds = rounds(Duration.ofMillis(200));
		long started = System.nanoTime();
		add("a");

		assertThat(nextRound(Duration.ofSeconds(5))).containsExactly("a");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
	}

	@Test
	void closingAnswersWhatWasAskedWithoutGatheringAndRefusesWhatComesAfter() throws Exception {
		this.rounds = rounds(A_MINUTE);
		Asked a = add("a");
		long closing = System.nanoTime();

		this.rounds.close();

		assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(30));
		assertThat(a.answer()).isCompletedWithValue("answer to a");
		Asked late = add("late");
		assertThat(late.answer()).isCompletedExceptionally();
	}

	private Rounds<Asked> rounds(Duration gather) {
		return new Rounds<>("test-rounds", gather, (round) -> {
			this.answered.add(round.stream().map(Asked::name).toList());
			round.forEach((asked) -> asked.answer().complete("answer to " + asked.name()));
		});
	}

	private Asked add(String name) {
		Asked asked = new Asked(name, new Rounds.Answer<>());
		this.rounds.add(asked);
		return asked;
	}

	private List<String> nextRound(Duration within) throws InterruptedException {
		return this.answered.poll(within.toMillis(), TimeUnit.MILLISECONDS);
	}

	private record Asked(String name, Rounds.Answer<String> answer) implements Rounds.Request {

		@Override
		public void fail(Throwable failure) {
			this.answer.completeExceptionally(failure);
		}

		@Override
		public Rounds.Ticket ticket() {
			return this.answer.ticket();
		}

	}

}
