package com.aitoolverdicts.digest.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * DKIM signatures made by the digest, checked by an independent verifier (Apache James jDKIM)
 * against the public key as DNS would publish it.
 */
class DkimSigningTests {

	static KeyPair keys;

	@TempDir
	static Path dir;

	@BeforeAll
	static void keys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		keys = generator.generateKeyPair();
	}

	@Test
	void theSignatureVerifiesAndCoversTheHeadersThatMatter() throws Exception {
		byte[] message = signedMessage();

		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(dnsRecord(selector, domain)));
		List<SignatureRecord> signatures = verifier.verify(new ByteArrayInputStream(message));

		assertThat(signatures).hasSize(1);
		assertThat(signatures.get(0).getDToken().toString()).isEqualTo("aitoolverdicts.example.com");
		assertThat(signatures.get(0).getHeaders().stream().map((header) -> header.toString().toLowerCase(Locale.ROOT)))
			.contains("from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post");
	}

	@Test
	void nonAsciiNamesAreEncodedAndStillSigned() throws Exception {
		DigestProperties properties = properties();
		properties.setFrom("W\u00f6chentliche Urteile <digest@aitoolverdicts.example.com>");
		properties.setReplyTo("R\u00e9daction <editors@aitoolverdicts.example.com>");
		properties.setListId("Verdicts hebdomadaires \u00e9 <weekly.aitoolverdicts.example.com>");

		byte[] message = signedMessage(factory(properties));

		String headers = new String(message, StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
		assertThat(headers.chars().allMatch((c) -> c < 128)).as(headers).isTrue();
		assertThat(jakarta.mail.internet.MimeUtility.unfold(headers).replaceAll("From:\\s+", "From: ")).contains(
				"From: =?UTF-8?Q?W=C3=B6chentliche_Urteile?= <digest@aitoolverdicts.example.com>",
				"<weekly.aitoolverdicts.example.com>");
		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(dnsRecord(selector, domain)));
		assertThat(verifier.verify(new ByteArrayInputStream(message))).hasSize(1);
	}

	@Test
	void aChangedBodyOrHeaderNoLongerVerifies() throws Exception {
		String message = new String(signedMessage(), StandardCharsets.ISO_8859_1);
		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(dnsRecord(selector, domain)));

		for (String tampered : List.of(message.replace("Hi Ada,", "Hi Eve,"),
				message.replace("List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Unsubscribe-Post: x"))) {
			assertThat(tampered).isNotEqualTo(message);
			assertThatExceptionOfType(FailException.class).isThrownBy(() -> verifier
				.verify(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.ISO_8859_1))));
		}
	}

	@Test
	void messagesSignedOnSeveralThreadsAtOnceAllVerify() throws Exception {
		MessageFactory factory = factory(properties());
		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(dnsRecord(selector, domain)));
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<byte[]>> signed = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				signed.add(threads.submit(() -> signedMessage(factory, "<p>" + "Hi Ada, a long body. ".repeat(2000) + "</p>")));
			}
			for (java.util.concurrent.Future<byte[]> message : signed) {
				assertThat(verifier.verify(new ByteArrayInputStream(message.get()))).hasSize(1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void halfAConfigurationOrABadKeyStopsTheStart() throws Exception {
		DigestProperties half = properties();
		half.getDkim().setSelector("");
		Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
		DigestProperties bad = properties();
		bad.getDkim().setPrivateKey(notAKey);

		assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> factory(half))
			.withMessageContaining("digest.dkim.domain, digest.dkim.selector and digest.dkim.private-key together");
		assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> factory(bad))
			.withMessageContaining("must be PKCS#8 PEM");
	}

	private static byte[] signedMessage() throws Exception {
		return signedMessage(factory(properties()));
	}

	private static byte[] signedMessage(MessageFactory factory) throws Exception {
		return signedMessage(factory, "<p>Hi Ada,</p>");
	}

	private static byte[] signedMessage(MessageFactory factory, String html) throws Exception {
		Issue issue = new Issue(1, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"),
				null, Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-16T00:00:00Z"), List.of(), List.of());
		Subscriber ada = new Subscriber(7, "ada@example.com", "Ada Lovelace", SubscriberStatus.ACTIVE, List.of());
		OutgoingMessage message = factory.build(issue, ada,
				new RenderedDigest("Two tools compared (2026-W46)", html, "Hi Ada,\n"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toByteArray();
	}

	private static MessageFactory factory(DigestProperties properties) {
		return new MessageFactory(properties, new UnsubscribeTokens(properties, new MockEnvironment(), null),
				Clock.fixed(Instant.parse("2026-11-16T07:00:00Z"), ZoneOffset.UTC));
	}

	private static DigestProperties properties() throws Exception {
		DigestProperties properties = new DigestProperties();
		properties.getUnsubscribe().setSecret("test-secret-not-for-production");
		Path key = dir.resolve("dkim.pem");
		Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(keys.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n");
		properties.getDkim().setDomain("aitoolverdicts.example.com");
		properties.getDkim().setSelector("digest2026");
		properties.getDkim().setPrivateKey(key);
		return properties;
	}

	private static String dnsRecord(CharSequence selector, CharSequence domain) {
		assertThat(selector.toString()).isEqualTo("digest2026");
		assertThat(domain.toString()).isEqualTo("aitoolverdicts.example.com");
		return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
	}

}
