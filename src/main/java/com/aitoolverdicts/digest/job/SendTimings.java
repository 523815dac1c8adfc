package com.aitoolverdicts.digest.job;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Where a send's time goes, summed over its messages: rendering (with building the MIME message),
 * the mail transport, and the ledger (the delivery row, the lease and status checks). What is left
 * of the wall-clock time is reading subscribers and the batch framework. For {@code bench send}.
 */
@Component
public class SendTimings {

	private final LongAdder render = new LongAdder();

	private final LongAdder send = new LongAdder();

	private final LongAdder ledger = new LongAdder();

	private final LongAdder throttled = new LongAdder();

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
