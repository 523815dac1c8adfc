package com.aitoolverdicts.digest.delivery;

import java.util.function.Supplier;

import jakarta.mail.MessagingException;

/** Carries built messages away: to files or to an SMTP server. Opened once per send step. */
public interface MailTransport extends AutoCloseable {

	/**
	 * Hands over one message; returns what the other side said (the server's reply, or the file
	 * written). When this returns, the message is accepted and must be recorded as delivered.
	 */
	default String deliver(OutgoingMessage message) throws MessagingException {
		return deliver(message, Gate.OPEN);
	}

	/**
	 * Like {@link #deliver(OutgoingMessage)}, but the last step that makes the message accepted (the
	 * end of data in SMTP, the move of the finished file in the outbox) waits for {@code gate}
	 * first. Everything before it goes at once. When the gate throws, the message is abandoned
	 * unaccepted (the SMTP connection is dropped in the middle of its data) and the exception
	 * propagates.
	 */
	String deliver(OutgoingMessage message, Gate gate) throws MessagingException;

	/**
	 * Like {@link #deliver(OutgoingMessage, Gate)}, with a way to learn the message the next call
	 * will deliver: a transport may ask {@code following} (at most once; null when there is none)
	 * while this message waits for its gate, and start that one early (SMTP writes its envelope
	 * with this message's end of data, saving a round trip), never so far that anything of it is
	 * accepted. When the next call is for another message after all, what was started is abandoned.
	 */
	default String deliver(OutgoingMessage message, Gate gate, Supplier<OutgoingMessage> following)
			throws MessagingException {
		return deliver(message, gate);
	}

	@Override
	void close();

	/**
	 * What a message waits for before it is let go: in a send, the ledger row of the one before it
	 * (or of the one N before it, with digest.smtp.unrecorded-per-connection=N) and the check that
	 * its subscriber is still active.
	 */
	interface Gate {

		Gate OPEN = new Gate() {
			@Override
			public boolean isOpen() {
				return true;
			}

			@Override
			public void await() {
			}
		};

		/** Whether {@link #await()} would return at once: then nothing is sent early. */
		boolean isOpen();

		/** Returns once the message may be let go; throws when it must not be. */
		void await();

	}

}
