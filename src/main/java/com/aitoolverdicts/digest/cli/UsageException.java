package com.aitoolverdicts.digest.cli;

/** The command line or its input is wrong in a way the user can fix; exit code 2. */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
