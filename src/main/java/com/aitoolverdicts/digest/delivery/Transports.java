package com.aitoolverdicts.digest.delivery;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** Opens the transport that {@code digest.mail.transport} names. */
@Component
public class Transports {

	private final DigestProperties properties;

	private final ObjectProvider<JavaMailSenderImpl> mailSender;

	/** Read once: every connection of every send uses the same, and the EHLO name is a DNS lookup. */
	private volatile SmtpSettings smtpSettings;

	Transports(DigestProperties properties, ObjectProvider<JavaMailSenderImpl> mailSender) {
		this.properties = properties;
		this.mailSender = mailSender;
	}

	public MailTransport open() {
		return switch (this.properties.getMail().getTransport()) {
			case OUTBOX -> new OutboxTransport(this.properties.getOutboxDir());
			case SMTP -> {
				JavaMailSenderImpl sender = this.mailSender.getIfAvailable();
				if (sender == null) {
					throw new ConfigurationException(
							"digest.mail.transport=smtp needs spring.mail.host (and usually spring.mail.port, "
									+ "spring.mail.username, spring.mail.password)");
				}
				SmtpSettings settings = this.smtpSettings;
				if (settings == null) {
					settings = SmtpSettings.of(sender);
					this.smtpSettings = settings;
				}
				yield new SmtpTransport(settings, this.properties.getSmtp().getMaxMessagesPerConnection());
			}
		};
	}

	/** Where messages go, for the summary: the outbox folder or the SMTP server. */
	public String destination(String week) {
		return switch (this.properties.getMail().getTransport()) {
			case OUTBOX -> this.properties.getOutboxDir().resolve(week).toAbsolutePath().normalize().toString();
			case SMTP -> {
				JavaMailSenderImpl sender = this.mailSender.getIfAvailable();
				yield (sender != null) ? "smtp://" + sender.getHost() + ":" + sender.getPort() : "smtp (not configured)";
			}
		};
	}

}
