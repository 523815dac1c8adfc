package com.aitoolverdicts.digest.job;

/** The mail server stayed unreachable longer than digest.retry.give-up-after; nothing more was sent. */
class ServerUnreachableException extends RuntimeException {

	ServerUnreachableException(String message) {
		super(message);
	}

}
