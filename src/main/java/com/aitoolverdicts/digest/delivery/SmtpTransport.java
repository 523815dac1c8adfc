package com.aitoolverdicts.digest.delivery;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends over one SMTP connection kept open across messages (Angus Mail has no pool), connected on
 * first use, again after a failure and after {@code digest.smtp.max-messages-per-connection},
 * configured by Spring Boot's {@code spring.mail.*}. Used by one thread at a time.
 */
final class SmtpTransport implements MailTransport {

	private static final Duration IDLE_CHECK_AFTER = Duration.ofSeconds(10);

	private final JavaMailSenderImpl settings;

	private final Session session;

	private final int maxMessagesPerConnection;

	private Transport transport;

	private int messagesOnConnection;

	/** System.nanoTime() of the last exchange on the connection. */
	private long lastUsed;

	SmtpTransport(JavaMailSenderImpl settings, int maxMessagesPerConnection) {
		this.settings = settings;
		this.maxMessagesPerConnection = maxMessagesPerConnection;
		Properties properties = new Properties();
		properties.putAll(settings.getJavaMailProperties());
		String socketFactory = "mail." + settings.getProtocol() + ".socketFactory";
		if (!properties.containsKey(socketFactory) && !properties.containsKey(socketFactory + ".class")) {
			properties.put(socketFactory, new NoDelaySocketFactory());
		}
		this.session = Session.getInstance(properties);
	}

	@Override
	public String deliver(OutgoingMessage message) throws MessagingException {
		try {
			if (this.maxMessagesPerConnection > 0 && this.messagesOnConnection >= this.maxMessagesPerConnection) {
				close();
			}
			Transport connected = connected();
			this.messagesOnConnection++;
			connected.sendMessage(message.message(), message.message().getAllRecipients());
			this.lastUsed = System.nanoTime();
			return (connected instanceof SMTPTransport smtp) ? smtp.getLastServerResponse().strip() : "accepted";
		}
		catch (MessagingException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * The open connection, or a new one. Angus Mail's isConnected() sends a NOOP and waits for
	 * the reply: a round trip per message, as long as the message itself on a fast server. It is
	 * asked only after the connection sat idle long enough for a server to have dropped it; a
	 * connection lost otherwise fails the message, which is then tried again on a new one.
	 */
	private Transport connected() throws MessagingException {
		boolean idle = System.nanoTime() - this.lastUsed > IDLE_CHECK_AFTER.toNanos();
		if (this.transport == null || (idle && !this.transport.isConnected())) {
			close();
			Transport fresh = this.session.getTransport(this.settings.getProtocol());
			fresh.connect(this.settings.getHost(), this.settings.getPort(), this.settings.getUsername(),
					this.settings.getPassword());
			this.transport = fresh;
			this.messagesOnConnection = 0;
			this.lastUsed = System.nanoTime();
		}
		return this.transport;
	}

	@Override
	public void close() {
		if (this.transport != null) {
			try {
				this.transport.close();
			}
			catch (MessagingException ex) {
				// The connection is being dropped either way; a failed QUIT changes nothing.
			}
			this.transport = null;
		}
	}

}
