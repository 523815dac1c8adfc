package com.aitoolverdicts.digest.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;

/**
 * Sends over one SMTP connection kept open across messages, connected on first use, again after a
 * failure and after {@code digest.smtp.max-messages-per-connection}, configured by Spring Boot's
 * {@code spring.mail.*}. Used by one thread at a time.
 */
final class SmtpTransport implements MailTransport {

	private static final Duration IDLE_CHECK_AFTER = Duration.ofSeconds(10);

	private final SmtpSettings settings;

	private final int maxMessagesPerConnection;

	private SmtpConnection connection;

	private int messagesOnConnection;

	/** System.nanoTime() of the last exchange on the connection. */
	private long lastUsed;

	SmtpTransport(SmtpSettings settings, int maxMessagesPerConnection) {
		this.settings = settings;
		this.maxMessagesPerConnection = maxMessagesPerConnection;
	}

	@Override
	public String deliver(OutgoingMessage message, Gate gate) throws MessagingException {
		return deliver(message, gate, null);
	}

	/**
	 * Like {@link #deliver(OutgoingMessage, Gate)}; when the server pipelines, {@code following} is
	 * asked once the data is out, and its envelope goes with this message's end of data: the next
	 * call is expected to deliver it. When the next call is for another message (a retry of this
	 * one, say), the connection is dropped first, so the started transaction ends with nothing
	 * accepted.
	 */
	@Override
	public String deliver(OutgoingMessage message, Gate gate, Supplier<OutgoingMessage> following)
			throws MessagingException {
		try {
			SmtpConnection.Envelope envelope = envelopeOf(message);
			if (this.connection != null && this.connection.hasStartedOtherThan(envelope)) {
				close();
			}
			if (this.maxMessagesPerConnection > 0 && this.messagesOnConnection >= this.maxMessagesPerConnection) {
				close();
			}
			SmtpConnection connected = connected();
			this.messagesOnConnection++;
			boolean another = following != null
					&& (this.maxMessagesPerConnection <= 0 || this.messagesOnConnection < this.maxMessagesPerConnection);
			String reply = connected.send(envelope.sender(), envelope.recipient(), message.segments(), message.smtpReady(), gate,
					another ? () -> {
						OutgoingMessage next = following.get();
						return (next != null) ? envelopeOf(next) : null;
					} : null);
			this.lastUsed = System.nanoTime();
			return reply;
		}
		catch (MessagingException | RuntimeException | Error ex) {
			// Whatever failed, a message whose data was begun is dropped unended: nothing is accepted.
			close();
			throw ex;
		}
	}

	private SmtpConnection.Envelope envelopeOf(OutgoingMessage message) {
		return new SmtpConnection.Envelope(
				(this.settings.envelopeFrom() != null) ? this.settings.envelopeFrom() : message.sender(),
				message.recipient());
	}

	/**
	 * The open connection, or a new one. Whether an open connection still works is asked (NOOP)
	 * only after it sat idle long enough for a server to have dropped it: asked before every
	 * message, it is a round trip as long as the message itself on a fast server. A connection lost
	 * otherwise fails the message, which is then tried again on a new one.
	 */
	private SmtpConnection connected() throws MessagingException {
		// A connection that carries a started envelope cannot be asked: it is used as it is.
		boolean idle = System.nanoTime() - this.lastUsed > IDLE_CHECK_AFTER.toNanos()
				&& (this.connection == null || !this.connection.hasStarted());
		if (this.connection == null || (idle && !this.connection.isAlive())) {
			close();
			this.connection = SmtpConnection.open(this.settings);
			this.messagesOnConnection = 0;
			this.lastUsed = System.nanoTime();
		}
		return this.connection;
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
	}

}
