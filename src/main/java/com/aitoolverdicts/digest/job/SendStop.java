package com.aitoolverdicts.digest.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A request to stop the send gracefully (Ctrl-C, SIGTERM): the writer finishes and records the
 * message in flight, then ends the step as STOPPED instead of taking the next subscriber. The
 * rest of the chunk is rolled back and sent by the resume, which skips by the ledger.
 */
@Component
public class SendStop {

	private static final Logger logger = LoggerFactory.getLogger(SendStop.class);

	private volatile boolean requested;

	private volatile boolean sending;

	public void request() {
		if (!this.requested) {
			this.requested = true;
			if (this.sending) {
				logger.info("Stopping after the message in flight; 'rerun' resumes");
			}
		}
	}

	void sending(boolean sending) {
		this.sending = sending;
	}

	/** Whether Ctrl-C or SIGTERM asked the running command to stop. */
	public boolean isRequested() {
		return this.requested;
	}

}
