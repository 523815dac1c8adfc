package com.aitoolverdicts.digest.job;

import java.time.Duration;
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
 * The database work the messages need while they are on the wire, done for all the connections
 * at once, each kind on a thread of its own that answers in rounds (whatever was asked while its
 * last round ran goes in its next): the delivery rows of the messages just accepted, one
 * statement and one commit a round (group commit), and whether a chunk's subscribers are still
 * active ({@link ChunkStatuses} asks about every 50 ms). Every answer is a future the asking
 * connection waits for before a later end of data (with digest.smtp.unrecorded-per-connection=N,
 * the N-th), so nothing is accepted before those rows are committed, nor for a subscriber who is
 * no longer active. The checks never wait behind rows, which a database that refuses one tries
 * for a second and a half. (Until 2026-12-06 each message asked for its own status, and the
 * checks went in the rows' statement to spare the database's CPU; at one check a chunk every
 * 50 ms that saving is gone.) On H2 a round of rows waits a little for more while nobody waits
 * for its answers ({@link DeliveryLedger#roundGathering(int)}).
 */
final class DeliveryRecorder implements AutoCloseable {

	private final DeliveryLedger ledger;

	private final SubscriberRepository subscribers;

	private final long issueId;

	private final SendTimings timings;

	private final Rounds<Row> rows;

	private final Rounds<Check> checks;

	DeliveryRecorder(DeliveryLedger ledger, SubscriberRepository subscribers, long issueId, SendTimings timings,
			int unrecordedPerConnection) {
		this.ledger = ledger;
		this.subscribers = subscribers;
		this.issueId = issueId;
		this.timings = timings;
		this.rows = new Rounds<>("digest-ledger", ledger.roundGathering(unrecordedPerConnection), this::record);
		this.checks = new Rounds<>("digest-status", Duration.ZERO, this::check);
	}

	/**
	 * Records the delivery; if it cannot, the future fails with an exception that names the
	 * subscriber (a {@link LedgerWriteException}, or one saying why the round or the send ended).
	 */
	CompletableFuture<Void> recordDelivered(long subscriberId, String messageId, String reply) {
		Row row = new Row(new Delivered(subscriberId, messageId, reply), new Rounds.Answer<>());
		this.rows.add(row);
		return row.done;
	}

	/** Which of {@code subscriberIds} are still active, asked now. */
	CompletableFuture<Set<Long>> activeAmong(Collection<Long> subscriberIds) {
		Check check = new Check(subscriberIds, new Rounds.Answer<>());
		this.checks.add(check);
		return check.active;
	}

	/** Finishes what was asked, then stops the threads. */
	@Override
	public void close() {
		this.rows.close();
		this.checks.close();
	}

	/**
	 * One round of rows, in one statement. When that fails, the ledger writes them one by one, so
	 * that a row that cannot be written costs only its own subscriber.
	 */
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

	/** One round of checks, in one query; each is answered with what was found of them all. */
	private void check(List<Check> round) {
		long checking = System.nanoTime();
		Set<Long> active = this.subscribers.activeAmong(asked(round));
		this.timings.addCheck(System.nanoTime() - checking);
		round.forEach((check) -> check.active.complete(active));
	}

	/** Every subscriber the checks ask about, once. */
	private static Collection<Long> asked(List<Check> checks) {
		if (checks.size() == 1) {
			return checks.get(0).subscriberIds();
		}
		Set<Long> ids = new LinkedHashSet<>();
		checks.forEach((check) -> ids.addAll(check.subscriberIds()));
		return ids;
	}

	private record Row(Delivered delivered, Rounds.Answer<Void> done) implements Rounds.Request {

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
	private record Check(Collection<Long> subscriberIds, Rounds.Answer<Set<Long>> active) implements Rounds.Request {

		@Override
		public Rounds.Ticket ticket() {
			return this.active.ticket();
		}

		@Override
		public void fail(Throwable failure) {
			this.active.completeExceptionally(failure);
		}

	}

}
