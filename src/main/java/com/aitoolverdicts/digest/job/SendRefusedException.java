package com.aitoolverdicts.digest.job;

/**
 * The send stops because every further message would be refused too: the server refuses the
 * message itself (5xx to MAIL or DATA), or more addresses bounced than digest.max-permanent-failures.
 */
class SendRefusedException extends RuntimeException {

	SendRefusedException(String message) {
		super(message);
	}

}
