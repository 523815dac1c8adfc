package com.aitoolverdicts.digest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Every {@code digest.*} setting, with its default. The README's configuration table lists the same. */
@ConfigurationProperties("digest")
public class DigestProperties {

	/** Zone in which an ISO week starts on Monday 00:00. */
	private ZoneId zone = ZoneId.of("UTC");

	/** Base URL of the comparison site; links are {site-base-url}/compare/{a}-vs-{b}. */
	private String siteBaseUrl = "https://aitoolverdicts.example.com";

	/** Sender of the digest, as an RFC 5322 address with an optional display name. */
	private String from = "Weekly AI Tool Verdicts <digest@aitoolverdicts.example.com>";

	/** Folder holding digest.html, digest.txt, subject.txt and partials/. */
	private Path templatesDir = Path.of("templates");

	/** Folder under which the outbox transport writes one .eml file per message, in a folder per week. */
	private Path outboxDir = Path.of("outbox");

	/** Subscribers per chunk: one checkpoint (batch commit) per chunk. */
	private int chunkSize = 50;

	/** Seed the demo dataset into the quick-start database when it is empty. Never seeds any other database. */
	private boolean demoData = true;

	/**
	 * How long a send may go without refreshing its lease before another run may take the week
	 * over and recover it. A run on the same host whose process is gone is taken over at once.
	 */
	private Duration leaseTimeout = Duration.ofSeconds(60);

	private final Mail mail = new Mail();

	public ZoneId getZone() {
		return this.zone;
	}

	public void setZone(ZoneId zone) {
		this.zone = zone;
	}

	public String getSiteBaseUrl() {
		return this.siteBaseUrl;
	}

	public void setSiteBaseUrl(String siteBaseUrl) {
		this.siteBaseUrl = siteBaseUrl.endsWith("/") ? siteBaseUrl.substring(0, siteBaseUrl.length() - 1)
				: siteBaseUrl;
	}

	public String getFrom() {
		return this.from;
	}

	public void setFrom(String from) {
		this.from = from;
	}

	public Path getTemplatesDir() {
		return this.templatesDir;
	}

	public void setTemplatesDir(Path templatesDir) {
		this.templatesDir = templatesDir;
	}

	public Path getOutboxDir() {
		return this.outboxDir;
	}

	public void setOutboxDir(Path outboxDir) {
		this.outboxDir = outboxDir;
	}

	public int getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
	}

	public boolean isDemoData() {
		return this.demoData;
	}

	public void setDemoData(boolean demoData) {
		this.demoData = demoData;
	}

	public Duration getLeaseTimeout() {
		return this.leaseTimeout;
	}

	public void setLeaseTimeout(Duration leaseTimeout) {
		this.leaseTimeout = leaseTimeout;
	}

	public Mail getMail() {
		return this.mail;
	}

	/** How messages leave. */
	public static class Mail {

		/** outbox (write .eml files) or smtp (send with spring.mail.*). */
		private Transport transport = Transport.OUTBOX;

		public Transport getTransport() {
			return this.transport;
		}

		public void setTransport(Transport transport) {
			this.transport = transport;
		}

	}

	/** The mail transports. */
	public enum Transport {

		OUTBOX, SMTP

	}

}
