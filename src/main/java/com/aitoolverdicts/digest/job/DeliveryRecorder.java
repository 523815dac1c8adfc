package com.aitoolverdicts.digest.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.delivery.DeliveryLedger.Delivered;
import com.aitoolverdicts.digest.delivery.DeliveryLedger.LedgerWriteException;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;

/**
 * The database work each message needs while it is on the wire, done for all the connections at
 * once: the delivery rows of the messages just accepted, and whether the subscribers of the
 * messages now going are still active. One thread answers in rounds: whatever the connections
 * asked for while its last round ran goes in its next, as one statement for all the rows (group
 * commit) and all the statuses. Every answer is a future the asking connection waits for before
 * a later end of data (the next, or with digest.smtp.unrecorded-per-connection=N the N-th),
 * so nothing is accepted before those rows are committed, nor for a subscriber who is no longer
 * active. (Rows and statuses had a thread each until 2026-12-03: one statement for both used less
 * CPU for the same rate, see the README.) On H2 a round waits a little for more requests while
 * nobody waits for its answers ({@link DeliveryLedger#roundGathering(int)}).
 */
final class DeliveryRecorder implements AutoCloseable {

	private final DeliveryLedger ledger;

	private final SubscriberRepository subscribers;

	private final long issueId;

	private final SendTimings timings;

	private final Rounds<Request> rounds;

	DeliveryRecorder(DeliveryLedger ledger, SubscriberRepository subscribers, long issueId, SendTimings timings,
			int unrecordedPerConnection) {
		this.ledger = ledger;
		this.subscribers = subscribers;
		this.issueId = issueId;
		this.timings = timings;
		this.rounds = new Rounds<>("digest-ledger", ledger.roundGathering(unrecordedPerConnection), this::answer);
	}

	/**
	 * Records the delivery; if it cannot, the future fails with an exception that names the
	 * subscriber (a {@link LedgerWriteException}, or one saying why the round or the send ended).
	 */
	CompletableFuture<Void> recordDelivered(long subscriberId, String messageId, String reply) {
		Row row = new Row(new Delivered(subscriberId, messageId, reply), new Rounds.Answer<>());
		this.rounds.add(row);
		return row.done;
	}

	/**
	 * Records the delivery like {@link #recordDelivered(long, String, String)} and asks which of
	 * {@code subscriberIds} are still active, in the same round: the end of data of the message that
	 * goes next on the same connection waits for both, so they should not take two rounds.
	 */
	Recording recordDelivered(long subscriberId, String messageId, String reply, Collection<Long> subscriberIds) {
		Row row = new Row(new Delivered(subscriberId, messageId, reply), new Rounds.Answer<>());
		Check check = new Check(subscriberIds, row.done.withSameTicket());
		this.rounds.add(new Both(row, check));
		return new Recording(row.done, check.active);
	}

	/** A row being recorded, and which of the subscribers asked about with it are still active. */
	record Recording(CompletableFuture<Void> done, CompletableFuture<Set<Long>> active) {
	}

	/** Which of {@code subscriberIds} are still active, asked now. */
	CompletableFuture<Set<Long>> activeAmong(Collection<Long> subscriberIds) {
		Check check = new Check(subscriberIds, new Rounds.Answer<>());
		this.rounds.add(check);
		return check.active;
	}

	/** Finishes what was asked, then stops the thread. */
	@Override
	public void close() {
		this.rounds.close();
	}

	/**
	 * One round: the rows and the checks asked for since the last, in one statement when there
	 * are both. When that fails, the two are done apart, so that a row that cannot be written
	 * costs only its own subscriber and the checks are still answered.
	 */
	private void answer(List<Request> round) {
		List<Row> rows = new ArrayList<>();
		List<Check> checks = new ArrayList<>();
		for (Request request : round) {
			if (request instanceof Row row) {
				rows.add(row);
			}
			else if (request instanceof Check check) {
				checks.add(check);
			}
			else if (request instanceof Both both) {
				rows.add(both.row());
				checks.add(both.check());
			}
		}
		if (!rows.isEmpty() && !checks.isEmpty() && answeredTogether(rows, checks)) {
			return;
		}
		if (!checks.isEmpty()) {
			try {
				check(checks);
			}
			catch (RuntimeException | Error ex) {
				checks.forEach((check) -> check.fail(ex));
			}
		}
		if (!rows.isEmpty()) {
			record(rows);
		}
	}

	/** Both in one statement; {@code false}, with nothing answered, when it failed (the ledger logged why). */
	private boolean answeredTogether(List<Row> rows, List<Check> checks) {
		long started = System.nanoTime();
		Set<Long> active;
		try {
			active = this.ledger.recordDeliveredAndActiveAmong(this.issueId, rows.stream().map(Row::delivered).toList(),
					asked(checks));
		}
		catch (RuntimeException ex) {
			return false;
		}
		this.timings.addRecord(System.nanoTime() - started, rows.size());
		rows.forEach((row) -> row.done.complete(null));
		checks.forEach((check) -> check.active.complete(active));
		return true;
	}

	private void record(List<Row> round) {
		long recording = System.nanoTime();
		Map<Delivered, LedgerWriteException> failed = this.ledger.recordDelivered(this.issueId,
				round.stream().map(Row::delivered).toList());
		this.timings.addRecord(System.nanoTime() - recording, round.size());
		for (Row row : round) {
			LedgerWriteException failure = failed.get(row.delivered);
			if (failure != null) {
				row.done.completeExceptionally(failure);
			}
			else {
				row.done.complete(null);
			}
		}
	}

	private void check(List<Check> round) {
		long checking = System.nanoTime();
		Set<Long> active = this.subscribers.activeAmong(asked(round));
		this.timings.addCheck(System.nanoTime() - checking);
		round.forEach((check) -> check.active.complete(active));
	}

	/** Every subscriber the checks ask about, once. Each check is answered with what was found of them all. */
	private static Collection<Long> asked(List<Check> checks) {
		if (checks.size() == 1) {
			return checks.get(0).subscriberIds();
		}
		Set<Long> ids = new LinkedHashSet<>();
		checks.forEach((check) -> ids.addAll(check.subscriberIds()));
		return ids;
	}

	private interface Request extends Rounds.Request {
	}

	private record Row(Delivered delivered, Rounds.Answer<Void> done) implements Request {

		@Override
		public Rounds.Ticket ticket() {
			return this.done.ticket();
		}

		/** Fails the row naming its subscriber, who is mailed again on a resume. */
		@Override
		public void fail(Throwable failure) {
			this.done.completeExceptionally(new IllegalStateException("Could not record subscriber "
					+ this.delivered.subscriberId() + " as delivered (" + failure.getMessage()
					+ "); the server accepted the message, so a resume mails it again", failure));
		}

	}

	/** Which of the subscribers are active: the answer is the active among all asked in the round. */
	private record Check(Collection<Long> subscriberIds, Rounds.Answer<Set<Long>> active) implements Request {

		@Override
		public Rounds.Ticket ticket() {
			return this.active.ticket();
		}

		@Override
		public void fail(Throwable failure) {
			this.active.completeExceptionally(failure);
		}

	}

	/** A row and a check that must go in the same round. */
	private record Both(Row row, Check check) implements Request {

		@Override
		public Rounds.Ticket ticket() {
			return this.row.ticket();
		}

		@Override
		public void fail(Throwable failure) {
			this.row.fail(failure);
			this.check.fail(failure);
		}

	}

}
