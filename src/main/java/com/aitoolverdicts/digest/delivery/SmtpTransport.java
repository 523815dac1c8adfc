package com.aitoolverdicts.digest.delivery;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends over one SMTP connection kept open across messages (Angus Mail has no pool), connected on
 * first use and again after a failure, configured by Spring Boot's {@code spring.mail.*}.
 */
final class SmtpTransport implements MailTransport {

	private final JavaMailSenderImpl settings;

	private final Session session;

	private Transport transport;

	SmtpTransport(JavaMailSenderImpl settings) {
		this.settings = settings;
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
			Transport connected = connected();
			connected.sendMessage(message.message(), message.message().getAllRecipients());
			return (connected instanceof SMTPTransport smtp) ? smtp.getLastServerResponse().strip() : "accepted";
		}
		catch (MessagingException ex) {
			close();
			throw ex;
		}
	}

	private Transport connected() throws MessagingException {
		if (this.transport == null || !this.transport.isConnected()) {
			close();
			Transport fresh = this.session.getTransport(this.settings.getProtocol());
			fresh.connect(this.settings.getHost(), this.settings.getPort(), this.settings.getUsername(),
					this.settings.getPassword());
			this.transport = fresh;
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
