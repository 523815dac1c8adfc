package com.aitoolverdicts.digest.job;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Where a send's time goes. Summed over the messages, on all connections at once: rendering (with
 * building the MIME message), the mail transport, the lease check before each message, waiting for
 * the rate limit, and waiting at the end of data for the ledger (the rows of the messages before,
 * the status of this one's subscriber). Beside them, on the recorder's two threads, the delivery
 * rows and the status checks themselves, in rounds. And on the one thread that drives the chunks: reading
 * (a page of subscribers, their ledger states and categories, and the chunk's checkpoint), while
 * no message of that thread is being sent. For {@code bench send}.
 */
@Component
public class SendTimings {

	private final LongAdder render = new LongAdder();

	private final LongAdder send = new LongAdder();

	private final LongAdder leaseCheck = new LongAdder();

	private final LongAdder check = new LongAdder();

	private final LongAdder checks = new LongAdder();

	private final LongAdder record = new LongAdder();

	private final LongAdder rows = new LongAdder();

	private final LongAdder rounds = new LongAdder();

	private final LongAdder throttled = new LongAdder();

	private final LongAdder recordWait = new LongAdder();

	private final LongAdder statusWait = new LongAdder();

	private final LongAdder read = new LongAdder();

	void addRead(long nanos) {
		this.read.add(nanos);
	}

	/** Time between chunks: reading the next page and committing the last chunk. */
	public long readNanos() {
		return this.read.sum();
	}

	void addThrottled(long nanos) {
		this.throttled.add(nanos);
	}

	/** Time spent waiting for digest.smtp.max-per-second. */
	public long throttledNanos() {
		return this.throttled.sum();
	}

	/** A message's end of data waited {@code rowsNanos} for its rows, then {@code statusNanos} for its status check. */
	void addEndOfDataWait(long rowsNanos, long statusNanos) {
		this.recordWait.add(rowsNanos);
		this.statusWait.add(statusNanos);
	}

	/**
	 * Time a message's end of data waited for the ledger rows of the messages before it on the same
	 * connection (the one before, or with digest.smtp.unrecorded-per-connection=N the N-th before),
	 * written on the recorder's row thread ({@link #recordNanos()}).
	 */
	public long recordWaitNanos() {
		return this.recordWait.sum();
	}

	/**
	 * Time a message's end of data waited, once its rows were in, for its own subscriber's status
	 * check, on the recorder's status thread ({@link #checkNanos()}).
	 */
	public long statusWaitNanos() {
		return this.statusWait.sum();
	}

	void addRender(long nanos) {
		this.render.add(nanos);
	}

	private final AtomicLong accepted = new AtomicLong();

	private volatile long markAt = Long.MAX_VALUE;

	private volatile long markedNanos;

	/** Notes the System.nanoTime() at which the transport has accepted {@code count} more messages. */
	public void markWhenAccepted(long count) {
		this.markedNanos = 0;
		this.markAt = this.accepted.get() + count;
	}

	/** When the count given to {@link #markWhenAccepted} was reached; 0 if not (yet). */
	public long markedNanos() {
		return this.markedNanos;
	}

	/** A message the transport accepted, and how long that took. */
	void addSend(long nanos) {
		this.send.add(nanos);
		if (this.accepted.incrementAndGet() == this.markAt) {
			this.markedNanos = System.nanoTime();
		}
	}

	void addLeaseCheck(long nanos) {
		this.leaseCheck.add(nanos);
	}

	void addCheck(long nanos) {
		this.check.add(nanos);
		this.checks.increment();
	}

	void addRecord(long nanos, int rows) {
		this.record.add(nanos);
		this.rows.add(rows);
		this.rounds.increment();
	}

	public long renderNanos() {
		return this.render.sum();
	}

	public long sendNanos() {
		return this.send.sum();
	}

	/** The lease check before each message. */
	public long leaseCheckNanos() {
		return this.leaseCheck.sum();
	}

	/** Checking that a chunk's subscribers are still active, on the recorder's status thread. */
	public long checkNanos() {
		return this.check.sum();
	}

	/** The status checks' queries, each for a whole chunk (or several checks of one). */
	public long checks() {
		return this.checks.sum();
	}

	/** Writing and committing the delivery rows, on the recorder's row thread while the next messages go. */
	public long recordNanos() {
		return this.record.sum();
	}

	/** Delivery rows written by the recorder. */
	public long rows() {
		return this.rows.sum();
	}

	/** The rounds they were written in, each one statement and one commit. */
	public long rounds() {
		return this.rounds.sum();
	}

}
