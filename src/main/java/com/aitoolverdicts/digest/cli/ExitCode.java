package com.aitoolverdicts.digest.cli;

/** The documented exit codes; the README's table lists the same. */
public final class ExitCode {

	/** Done, or nothing to do (week already sent, nothing new). */
	public static final int OK = 0;

	/** The send failed part-way; running the same command again resumes it. */
	public static final int FAILED = 1;

	/** Bad usage or bad input: unknown option, malformed week, invalid import file, unknown subscriber. */
	public static final int USAGE = 2;

	/** Cannot start: database unreachable, templates missing, a setting invalid. */
	public static final int CONFIG = 3;

	/** Another send of the same week is running. */
	public static final int BUSY = 4;

	/** Everyone was tried, but some recipients were refused temporarily; rerun --failed-only later. */
	public static final int DEFERRED = 5;

	/** The send stopped because the server refuses the message itself or too many addresses bounced. */
	public static final int REFUSED = 6;

	/** Stopped on request (SIGTERM, Ctrl-C) after the message in flight: 128 + SIGTERM, as a shell reports it. */
	public static final int STOPPED = 143;

	private ExitCode() {
	}

}
