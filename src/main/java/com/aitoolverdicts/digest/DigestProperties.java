package com.aitoolverdicts.digest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import com.aitoolverdicts.digest.issue.PairWeights;

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

	/**
	 * Subscribers per chunk (1 to 10,000): one checkpoint (batch commit) per chunk, and the page size
	 * of the reader. Between chunks every connection waits while the next page is read: 50 cost
	 * PostgreSQL sends 15 % of their rate against 250, and 1,000 spends a third less time between
	 * chunks than 250. The status checks ask about the whole chunk, one bind parameter per
	 * subscriber (PostgreSQL's driver takes 65,535 at most).
	 */
	private int chunkSize = 1000;

	/** Seed the demo dataset into the quick-start database when it is empty. Never seeds any other database. */
	private boolean demoData = true;

	/**
	 * How long a send may go without refreshing its lease before another run may take the week
	 * over and recover it. A run on the same host whose process is gone is taken over at once.
	 */
	private Duration leaseTimeout = Duration.ofSeconds(60);

	/** Permanent refusals (5xx to RCPT) of one address, across issues, after which it is marked bounced. */
	private int bounceThreshold = 1;

	/**
	 * Permanent refusals in one send after which it stops, as a count ("100") or a share of the
	 * active list ("5%", but never fewer than 3): past it the message or the server is at fault,
	 * not the addresses, and nobody is marked bounced.
	 */
	private String maxPermanentFailures = "5%";

	/**
	 * How long after a week ends `send` may still send it; older weeks need --force. Stops a cron
	 * that fires late, or a restored snapshot, from mailing an old issue.
	 */
	private Duration maxIssueAge = Duration.ofDays(7);

	/** How many weeks back an established tool of the category may partner a new tool left without a new one. */
	private int partnerLookbackWeeks = 12;

	/** A pair featured in one of this many previous issues is not chosen again. */
	private int repeatCooldownWeeks = 8;

	/** The most comparisons in one reader's digest, best first. */
	private int pairsPerDigest = 3;

	private final PairWeightSettings pairWeights = new PairWeightSettings();

	/** Domain of the Message-ID; empty: the domain of digest.from. */
	private String messageIdDomain = "";

	/** Reply-To address, when replies should go elsewhere than digest.from; empty: none. */
	private String replyTo = "";

	/** The List-Id header's value (RFC 2919): a name and a unique id under a domain you control. */
	private String listId = "Weekly AI Tool Verdicts <weekly-ai-tool-verdicts.aitoolverdicts.example.com>";

	private final Unsubscribe unsubscribe = new Unsubscribe();

	private final Dkim dkim = new Dkim();

	private final Smtp smtp = new Smtp();

	private final Mail mail = new Mail();

	private final Retry retry = new Retry();

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
		if (chunkSize < 1 || chunkSize > 10_000) {
			throw new IllegalArgumentException("must be between 1 and 10000 but was " + chunkSize);
		}
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

	public int getBounceThreshold() {
		return this.bounceThreshold;
	}

	public void setBounceThreshold(int bounceThreshold) {
		this.bounceThreshold = bounceThreshold;
	}

	public String getMaxPermanentFailures() {
		return this.maxPermanentFailures;
	}

	public void setMaxPermanentFailures(String maxPermanentFailures) {
		if (!maxPermanentFailures.strip().matches("\\d+(\\.\\d+)?%?")) {
			throw new IllegalArgumentException("must be a count like 100 or a share like 5% but was '"
					+ maxPermanentFailures + "'");
		}
		this.maxPermanentFailures = maxPermanentFailures.strip();
	}

	/** The most permanent refusals a send of {@code activeSubscribers} tolerates. */
	public long permanentFailureLimit(long activeSubscribers) {
		if (this.maxPermanentFailures.endsWith("%")) {
			double share = Double.parseDouble(this.maxPermanentFailures.substring(0, this.maxPermanentFailures.length() - 1));
			return Math.max(3, (long) Math.floor(activeSubscribers * share / 100));
		}
		return (long) Double.parseDouble(this.maxPermanentFailures);
	}

	public Duration getMaxIssueAge() {
		return this.maxIssueAge;
	}

	public void setMaxIssueAge(Duration maxIssueAge) {
		this.maxIssueAge = maxIssueAge;
	}

	public int getPartnerLookbackWeeks() {
		return this.partnerLookbackWeeks;
	}

	public void setPartnerLookbackWeeks(int partnerLookbackWeeks) {
		this.partnerLookbackWeeks = atLeast(0, partnerLookbackWeeks);
	}

	public int getRepeatCooldownWeeks() {
		return this.repeatCooldownWeeks;
	}

	public void setRepeatCooldownWeeks(int repeatCooldownWeeks) {
		this.repeatCooldownWeeks = atLeast(0, repeatCooldownWeeks);
	}

	public int getPairsPerDigest() {
		return this.pairsPerDigest;
	}

	public void setPairsPerDigest(int pairsPerDigest) {
		this.pairsPerDigest = atLeast(1, pairsPerDigest);
	}

	private static int atLeast(int minimum, int value) {
		if (value < minimum) {
			throw new IllegalArgumentException("must be at least " + minimum + " but was " + value);
		}
		return value;
	}

	public String getMessageIdDomain() {
		return this.messageIdDomain;
	}

	public void setMessageIdDomain(String messageIdDomain) {
		this.messageIdDomain = messageIdDomain.strip();
	}

	public String getReplyTo() {
		return this.replyTo;
	}

	public void setReplyTo(String replyTo) {
		this.replyTo = replyTo.strip();
	}

	public String getListId() {
		return this.listId;
	}

	public void setListId(String listId) {
		this.listId = listId.strip();
	}

	public Smtp getSmtp() {
		return this.smtp;
	}

	public Dkim getDkim() {
		return this.dkim;
	}

	public Unsubscribe getUnsubscribe() {
		return this.unsubscribe;
	}

	public PairWeightSettings getPairWeights() {
		return this.pairWeights;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Mail getMail() {
		return this.mail;
	}

	/** Points each signal adds to a candidate pair's score; the README explains the defaults. */
	public static class PairWeightSettings {

		/** The panel ships one tool and not the other (Ship against Skip or Split). */
		private double verdictsDiffer = PairWeights.DEFAULTS.verdictsDiffer();

		/** For each persona who ships one tool and skips the other. */
		private double personaSplit = PairWeights.DEFAULTS.personaSplit();

		/** Per point of the largest difference between one persona's scores of the two tools. */
		private double scoreGap = PairWeights.DEFAULTS.scoreGap();

		/** Open weights or open source against a paid API or plan. */
		private double pricingContrast = PairWeights.DEFAULTS.pricingContrast();

		/** Both tools are new this week (rather than a new tool against an established one). */
		private double bothNew = PairWeights.DEFAULTS.bothNew();

		/** An established partner reviewed just before the week; falls to 0 at the end of the look-back. */
		private double recentPartner = PairWeights.DEFAULTS.recentPartner();

		public double getVerdictsDiffer() {
			return this.verdictsDiffer;
		}

		public void setVerdictsDiffer(double verdictsDiffer) {
			this.verdictsDiffer = verdictsDiffer;
		}

		public double getPersonaSplit() {
			return this.personaSplit;
		}

		public void setPersonaSplit(double personaSplit) {
			this.personaSplit = personaSplit;
		}

		public double getScoreGap() {
			return this.scoreGap;
		}

		public void setScoreGap(double scoreGap) {
			this.scoreGap = scoreGap;
		}

		public double getPricingContrast() {
			return this.pricingContrast;
		}

		public void setPricingContrast(double pricingContrast) {
			this.pricingContrast = pricingContrast;
		}

		public double getBothNew() {
			return this.bothNew;
		}

		public void setBothNew(double bothNew) {
			this.bothNew = bothNew;
		}

		public double getRecentPartner() {
			return this.recentPartner;
		}

		public void setRecentPartner(double recentPartner) {
			this.recentPartner = recentPartner;
		}

		/** The weights, checked: each from 0 to 1000. */
		public PairWeights toWeights() {
			try {
				return new PairWeights(this.verdictsDiffer, this.personaSplit, this.scoreGap, this.pricingContrast,
						this.bothNew, this.recentPartner);
			}
			catch (IllegalArgumentException ex) {
				throw new ConfigurationException(ex.getMessage());
			}
		}

	}

	/** How the SMTP transport may use the server. */
	public static class Smtp {

		/**
		 * The most messages a second, for providers with a quota (Amazon SES allows 14 a second on
		 * many accounts); 0: as fast as the server takes them. A token bucket: a second's worth may
		 * go at once, then the rate holds.
		 */
		private int maxPerSecond = 0;

		/**
		 * SMTP connections kept open and used at once, each carrying one message at a time. After
		 * a crash, at most this many messages times digest.smtp.unrecorded-per-connection can have
		 * been accepted without their ledger row.
		 */
		private int connections = 4;

		/** Messages on one connection before it is closed and opened again; 0: no limit. */
		private int maxMessagesPerConnection = 1000;

		/**
		 * How many messages one connection may have had accepted by the server without their ledger
		 * row committed yet: what a crash can mail twice, per connection (16 with 4 connections). 1 to
		 * 8: each end of data waits for the row of the message this many before it. 1 waits for the
		 * row just before, so that every message waits for a database commit after the server's
		 * reply (a million here at 60 % of the mail server's rate on PostgreSQL, 44 % on H2); 4
		 * gives each row the time of three messages to commit (81 % and 78 %).
		 */
		private int unrecordedPerConnection = 4;

		/** The most digest.smtp.unrecorded-per-connection allows: 32 duplicates at most after a crash with 4 connections. */
		static final int MAX_UNRECORDED_PER_CONNECTION = 8;

		public int getConnections() {
			return this.connections;
		}

		public void setConnections(int connections) {
			if (connections < 1 || connections > 64) {
				throw new IllegalArgumentException("must be between 1 and 64 but was " + connections);
			}
			this.connections = connections;
		}

		public int getMaxMessagesPerConnection() {
			return this.maxMessagesPerConnection;
		}

		public void setMaxMessagesPerConnection(int maxMessagesPerConnection) {
			if (maxMessagesPerConnection < 0) {
				throw new IllegalArgumentException("must be 0 (no limit) or more but was " + maxMessagesPerConnection);
			}
			this.maxMessagesPerConnection = maxMessagesPerConnection;
		}

		public int getUnrecordedPerConnection() {
			return this.unrecordedPerConnection;
		}

		public void setUnrecordedPerConnection(int unrecordedPerConnection) {
			if (unrecordedPerConnection < 1 || unrecordedPerConnection > MAX_UNRECORDED_PER_CONNECTION) {
				throw new IllegalArgumentException("must be between 1 and " + MAX_UNRECORDED_PER_CONNECTION + " but was "
						+ unrecordedPerConnection);
			}
			this.unrecordedPerConnection = unrecordedPerConnection;
		}

		public int getMaxPerSecond() {
			return this.maxPerSecond;
		}

		public void setMaxPerSecond(int maxPerSecond) {
			if (maxPerSecond < 0) {
				throw new IllegalArgumentException("must be 0 (no limit) or more but was " + maxPerSecond);
			}
			this.maxPerSecond = maxPerSecond;
		}

	}

	/** Optional DKIM signing: all three set, or none. */
	public static class Dkim {

		/** The signing domain (d=), usually the domain of digest.from. */
		private String domain = "";

		/** The selector (s=): the public key is published at {selector}._domainkey.{domain}. */
		private String selector = "";

		/** An RSA private key in PEM (PKCS#8, "BEGIN PRIVATE KEY"), as 'openssl genpkey' writes it. */
		private Path privateKey;

		public String getDomain() {
			return this.domain;
		}

		public void setDomain(String domain) {
			this.domain = domain.strip();
		}

		public String getSelector() {
			return this.selector;
		}

		public void setSelector(String selector) {
			this.selector = selector.strip();
		}

		public Path getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(Path privateKey) {
			this.privateKey = privateKey;
		}

		/** Whether signing is configured; some but not all three settings is a configuration error. */
		public boolean isEnabled() {
			boolean any = !this.domain.isEmpty() || !this.selector.isEmpty() || this.privateKey != null;
			boolean all = !this.domain.isEmpty() && !this.selector.isEmpty() && this.privateKey != null;
			if (any && !all) {
				throw new ConfigurationException("DKIM needs digest.dkim.domain, digest.dkim.selector and "
						+ "digest.dkim.private-key together; set all three or none");
			}
			return all;
		}

	}

	/** The one-click unsubscribe links and the secret that signs them. */
	public static class Unsubscribe {

		/**
		 * Key of the HMAC-SHA256 that signs unsubscribe links: a long random string, kept secret and
		 * stable (changing it invalidates the links in mail already sent). Required, except on the
		 * quick-start database, which makes one up and keeps it.
		 */
		private String secret = "";

		/** Where `serve` answers; links are {base-url}/unsubscribe/{token}. Empty: digest.site-base-url. */
		private String baseUrl = "";

		/** Mailbox for the List-Unsubscribe mailto: link; empty: unsubscribe@ the domain of digest.from. */
		private String mailto = "";

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		}

		public String getMailto() {
			return this.mailto;
		}

		public void setMailto(String mailto) {
			this.mailto = mailto.strip();
		}

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

	/** Temporary failures: how often and how patiently a message is tried again. */
	public static class Retry {

		/** Attempts per message for a temporary refusal (4xx) before it is recorded as deferred. */
		private int attempts = 4;

		/** Delay before the second attempt; it doubles for each further one, with ±25 % jitter. */
		private Duration firstDelay = Duration.ofSeconds(2);

		/** The longest delay between two attempts. */
		private Duration maxDelay = Duration.ofSeconds(60);

		/** How long the server may stay unreachable (refused, timeouts, 421) before the send stops. */
		private Duration giveUpAfter = Duration.ofMinutes(2);

		public int getAttempts() {
			return this.attempts;
		}

		public void setAttempts(int attempts) {
			this.attempts = attempts;
		}

		public Duration getFirstDelay() {
			return this.firstDelay;
		}

		public void setFirstDelay(Duration firstDelay) {
			this.firstDelay = firstDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getGiveUpAfter() {
			return this.giveUpAfter;
		}

		public void setGiveUpAfter(Duration giveUpAfter) {
			this.giveUpAfter = giveUpAfter;
		}

		/** The pause before attempt {@code attempt + 1}: exponential, capped, with jitter. */
		public Duration delayAfter(int attempt, double random) {
			double base = Math.min(this.maxDelay.toMillis(), this.firstDelay.toMillis() * Math.pow(2, attempt - 1));
			return Duration.ofMillis(Math.round(base * (0.75 + 0.5 * random)));
		}

	}

	/** The mail transports. */
	public enum Transport {

		OUTBOX, SMTP

	}

}
