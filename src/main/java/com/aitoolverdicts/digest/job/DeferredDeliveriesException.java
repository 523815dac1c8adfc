package com.aitoolverdicts.digest.job;

/**
 * Everyone was tried, but some recipients were only refused temporarily beyond the retries: the
 * job ends failed so that {@code rerun --failed-only} picks them up later.
 */
class DeferredDeliveriesException extends RuntimeException {

	DeferredDeliveriesException(int deferred) {
		super(deferred + " recipient(s) deferred after temporary refusals; 'rerun --failed-only' tries them again");
	}

}
