package com.aitoolverdicts.digest.subscriber;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.demo.DemoData;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Unsubscribe tokens: {@code {subscriber id}.{HMAC-SHA256 of the id and the address}}, keyed with
 * {@code digest.unsubscribe.secret}. Without the secret nobody can make a valid token, nor guess
 * one from an address; checking one compares the whole MAC in constant time.
 */
@Component
public class UnsubscribeTokens {

	/** The shortest secret accepted: 128 bits of ASCII are not less than 16 characters. */
	static final int MIN_SECRET_LENGTH = 16;

	private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,18})\\.([A-Za-z0-9_-]{43})");

	private final JdbcClient jdbc;

	private final String baseUrl;

	private final String mailbox;

	private volatile SecretKeySpec key;

	private final ThreadLocal<Mac> macs = new ThreadLocal<>();

	public UnsubscribeTokens(DigestProperties properties, Environment environment, JdbcClient jdbc) {
		this.jdbc = jdbc;
		String base = properties.getUnsubscribe().getBaseUrl();
		this.baseUrl = (base.isEmpty() ? properties.getSiteBaseUrl() : base) + "/unsubscribe/";
		String mailto = properties.getUnsubscribe().getMailto();
		this.mailbox = mailto.isEmpty() ? "unsubscribe@" + domainOf(properties.getFrom()) : mailto;
		String secret = properties.getUnsubscribe().getSecret();
		boolean demo = secret.isBlank()
				&& DemoData.QUICK_START_URL.equals(environment.getProperty("spring.datasource.url"));
		if (!demo) {
			if (secret.isBlank()) {
				throw new ConfigurationException("digest.unsubscribe.secret is not set: it signs the unsubscribe links. "
						+ "Set it (DIGEST_UNSUBSCRIBE_SECRET) to a long random string, for example the output of "
						+ "'openssl rand -base64 32', and keep it: changing it invalidates the links already sent");
			}
			if (secret.length() < MIN_SECRET_LENGTH) {
				throw new ConfigurationException("digest.unsubscribe.secret is too short (" + secret.length()
						+ " characters): use at least " + MIN_SECRET_LENGTH + " random characters");
			}
			this.key = key(secret);
		}
	}

	/** The token in {@code subscriber}'s unsubscribe link. */
	public String tokenFor(Subscriber subscriber) {
		return subscriber.id() + "." + mac(subscriber.id(), subscriber.email());
	}

	/** The https link of a token made by {@link #tokenFor}: a GET shows a confirmation, a POST unsubscribes. */
	public String urlOf(String token) {
		return this.baseUrl + token;
	}

	/** The mailto: link of List-Unsubscribe for a token, for clients that unsubscribe by mail. */
	public String mailtoOf(String token) {
		return "mailto:" + this.mailbox + "?subject=unsubscribe%20" + token;
	}

	/** The subscriber {@code token} was made for, when it is one of ours; never says why not. */
	public Optional<Long> verify(String token) {
		Matcher matcher = TOKEN.matcher((token != null) ? token : "");
		if (!matcher.matches()) {
			return Optional.empty();
		}
		long id = Long.parseLong(matcher.group(1));
		Optional<String> email = this.jdbc.sql("SELECT email FROM subscriber WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional();
		// Compute a MAC even for an unknown id, so that the time taken says nothing either.
		byte[] expected = mac(id, email.orElse("")).getBytes(StandardCharsets.US_ASCII);
		boolean valid = MessageDigest.isEqual(expected, matcher.group(2).getBytes(StandardCharsets.US_ASCII));
		return (valid && email.isPresent()) ? Optional.of(id) : Optional.empty();
	}

	private String mac(long id, String email) {
		try {
			// A Mac per thread, made once: looking the algorithm up costs more than computing the MAC.
			Mac hmac = this.macs.get();
			if (hmac == null) {
				hmac = Mac.getInstance("HmacSHA256");
				hmac.init(key());
				this.macs.set(hmac);
			}
			byte[] digest = hmac.doFinal(("unsubscribe\n" + id + "\n" + email.strip().toLowerCase(Locale.ROOT))
				.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available: " + ex.getMessage(), ex);
		}
	}

	private SecretKeySpec key() {
		SecretKeySpec current = this.key;
		if (current == null) {
			current = key(demoSecret());
			this.key = current;
		}
		return current;
	}

	/** The quick-start database's own secret, made up on first use and kept in the database. */
	private synchronized String demoSecret() {
		Optional<String> stored = this.jdbc.sql("SELECT secret FROM digest_secret WHERE name = 'unsubscribe'")
			.query(String.class)
			.optional();
		if (stored.isPresent()) {
			return stored.get();
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		try {
			this.jdbc.sql("INSERT INTO digest_secret (name, secret) VALUES ('unsubscribe', :secret)")
				.param("secret", Base64.getEncoder().encodeToString(random))
				.update();
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			// Another process made it first: use theirs.
		}
		return demoSecret();
	}

	private static SecretKeySpec key(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	private static String domainOf(String from) {
		String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>', from.indexOf('<')))
				: from.strip();
		return address.substring(address.indexOf('@') + 1);
	}

}
