package com.aitoolverdicts.digest.job;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Where a send's time goes. Summed over the messages, on all connections at once: rendering (with
 * building the MIME message), the mail transport, the ledger (the delivery row, the lease and
 * status checks) and waiting for the rate limit. And on the one thread that drives the chunks:
 * reading (a page of subscribers, their ledger states and categories, and the chunk's checkpoint),
 * while no message of that thread is being sent. For {@code bench send}.
 */
@Component
public class SendTimings {

	private final LongAdder render = new LongAdder();

	private final LongAdder send = new LongAdder();

	private final LongAdder ledger = new LongAdder();

	private final LongAdder throttled = new LongAdder();

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

	void addRender(long nanos) {
		this.render.add(nanos);
	}

	void addSend(long nanos) {
		this.send.add(nanos);
	}

	void addLedger(long nanos) {
		this.ledger.add(nanos);
	}

	public long renderNanos() {
		return this.render.sum();
	}

	public long sendNanos() {
		return this.send.sum();
	}

	public long ledgerNanos() {
		return this.ledger.sum();
	}

}
