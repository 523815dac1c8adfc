package com.aitoolverdicts.digest.job;

/**
 * The week is not finished: some active subscribers have neither the issue nor a bounce. When all
 * of them were only refused temporarily (deferred) the send ends with exit 5; otherwise a partial
 * run left them out and the send is failed, so that a plain rerun reaches them.
 */
class DeferredDeliveriesException extends RuntimeException {

	private final boolean onlyDeferred;

	DeferredDeliveriesException(int unfinished, int deferred) {
		super((unfinished == deferred)
				? deferred + " recipient(s) deferred after temporary refusals; 'rerun --failed-only' tries them again"
				: unfinished + " active subscriber(s) do not have this issue yet (" + deferred
						+ " deferred); 'rerun' reaches them");
		this.onlyDeferred = unfinished == deferred;
	}

	boolean onlyDeferred() {
		return this.onlyDeferred;
	}

}
