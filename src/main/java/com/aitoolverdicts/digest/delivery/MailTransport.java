package com.aitoolverdicts.digest.delivery;

import jakarta.mail.MessagingException;

/** Carries built messages away: to files or to an SMTP server. Opened once per send step. */
public interface MailTransport extends AutoCloseable {

	/**
	 * Hands over one message; returns what the other side said (the server's reply, or the file
	 * written). When this returns, the message is accepted and must be recorded as delivered.
	 */
	String deliver(OutgoingMessage message) throws MessagingException;

	@Override
	void close();

}
