package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.aitoolverdicts.digest.issue.IsoWeek;

/** How a {@code send} ended; each kind has its own message and exit code. */
public sealed interface SendOutcome {

	IsoWeek week();

	/** The week was sent before: nothing was sent now. */
	record AlreadySent(IsoWeek week, Instant sentAt, int delivered) implements SendOutcome {
	}

	/** No tool was published in the week: there is no issue to send. */
	record NothingNew(IsoWeek week, Instant from, Instant to) implements SendOutcome {
	}

	/** Another run of the same week holds it. */
	record AlreadyRunning(IsoWeek week, String detail) implements SendOutcome {
	}

	/**
	 * The job ran: completed when {@code failure} is {@code null}, failed and re-runnable otherwise.
	 * {@code recovered} is the run left STARTED by a dead process that this one resumed, if any.
	 */
	record Ran(IsoWeek week, int pairs, int alsoNew, int recipients, int deliveredNow, int deliveredBefore,
			Map<String, Integer> recorded, String destination, Duration took, Long recovered, Ending ending,
			String failure) implements SendOutcome {
	}

	/** How a run of the job ended. */
	enum Ending {

		/** Everyone active has the issue (or bounced). */
		SENT,
		/** Everyone was tried; some were refused temporarily beyond the retries. */
		DEFERRED,
		/** Stopped because every further message would be refused: the message or the server is at fault. */
		REFUSED,
		/** Stopped on request (Ctrl-C, SIGTERM) after the message in flight. */
		STOPPED,
		/** Failed part-way for another reason (server unreachable, database, ...). */
		FAILED

	}

}
