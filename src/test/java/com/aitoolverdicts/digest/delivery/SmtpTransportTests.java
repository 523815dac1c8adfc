package com.aitoolverdicts.digest.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The digest's own SMTP client, against servers that accept, refuse, authenticate, encrypt and stall. */
class SmtpTransportTests {

	@Test
	void dataIsDotStuffedWithEveryLineEndedByCrlf() throws Exception {
		String content = "Subject: dots\r\n\r\n.one\r\n..two\r\nbare lf\n.after lf\nbare cr\r.after cr\r\n.\r\nlast";
		try (RawServer server = new RawServer(true)) {
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				transport.deliver(message("ada@example.com", content));
			}
			assertThat(server.data()).isEqualTo("Subject: dots\r\n\r\n..one\r\n...two\r\nbare lf\r\n..after lf\r\n"
					+ "bare cr\r\n..after cr\r\n..\r\nlast\r\n.\r\n");
		}
	}

	@Test
	void longDataWithBreaksAndDotsAnywhereIsStuffedAsTheRulesSay() throws Exception {
		// Eight bytes at a time: line breaks and dots at every offset within a word, and across words.
		Random random = new Random(46);
		char[] alphabet = { '\r', '\n', '.', 'a', ' ', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a' };
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			content.append(alphabet[random.nextInt((i % 3000 < 1500) ? 5 : alphabet.length)]);
		}
		try (RawServer server = new RawServer(true)) {
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				transport.deliver(message("ada@example.com", content.toString()));
			}
			assertThat(server.data()).isEqualTo(stuffedOneByteAtATime(content.toString()));
		}
	}

	@Test
	void aDigestWhoseLinesStartWithDotsGoesUnstuffedAndArrivesWhole() throws Exception {
		// Dots where a line starts, where quoted-printable breaks a long line, and in the reader's own name.
		String text = ".\n..two\n.three\n" + "x".repeat(75) + ".after a soft break\n" + "y".repeat(74) + "..\nend";
		String html = "<p>\n.\n</p>\n" + "z".repeat(150) + ".</p>";
		DigestProperties properties = new DigestProperties();
		properties.getUnsubscribe().setSecret("test-secret-not-for-production");
		MessageFactory factory = new MessageFactory(properties,
				new UnsubscribeTokens(properties, new MockEnvironment(), null), Clock.systemUTC());
		Issue issue = new Issue(1, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"),
				null, Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-16T00:00:00Z"), List.of(), List.of());
		Subscriber reader = new Subscriber(7, "ada@example.com", ".Ada. Lovelace.", SubscriberStatus.ACTIVE, List.of());
		OutgoingMessage message = factory.build(issue, reader, new RenderedDigest("Dots", html, text));

		assertThat(message.smtpReady()).isTrue();
		assertThat(message.segments().length).isGreaterThan(1);
		try (RawServer server = new RawServer(true)) {
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				transport.deliver(message);
			}
			String data = server.data();
			assertThat(data).isEqualTo(new String(message.content(), StandardCharsets.UTF_8) + ".\r\n");
			MimeMessage received = new MimeMessage(Session.getInstance(new Properties()),
					new ByteArrayInputStream(data.substring(0, data.length() - 3).getBytes(StandardCharsets.UTF_8)));
			MimeMultipart parts = (MimeMultipart) received.getContent();
			assertThat(parts.getBodyPart(0).getContent()).isEqualTo(text.replace("\n", "\r\n"));
			assertThat(parts.getBodyPart(1).getContent()).isEqualTo(html.replace("\n", "\r\n"));
		}
	}

	@Test
	void aMessageMarkedReadyGoesAsItIsUnlessItsLastLineIsUnended() throws Exception {
		byte[][] ready = { "Subject: ready\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
				"unscanned\nline\r\n".getBytes(StandardCharsets.US_ASCII) };
		byte[][] unended = { "Subject: unended\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
				".last".getBytes(StandardCharsets.US_ASCII) };
		List<String> received = new ArrayList<>();
		for (byte[][] segments : List.of(ready, unended)) {
			try (RawServer server = new RawServer(true)) {
				try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
					transport.deliver(new OutgoingMessage(IsoWeek.parse("2026-W46"), 1, "digest@example.com",
							"ada@example.com", "<1@example.com>", segments, true));
				}
				received.add(server.data());
			}
		}
		// The caller vouched for the first, so its bare LF went unseen; the second was stuffed after all.
		assertThat(received).containsExactly("Subject: ready\r\n\r\nunscanned\nline\r\n.\r\n",
				"Subject: unended\r\n\r\n..last\r\n.\r\n");
	}

	@Test
	void onlyCrlfLinesNoneStartingWithADotAreReadyForData() {
		assertThat(SmtpConnection.isReadyForData(bytes("To: Ada <ada@example.com>\r\nSubject: x.\r\n"))).isTrue();
		for (String notReady : List.of(".To: x\r\n", "To: x\r\n.Subject: x\r\n", "To: x\nSubject: x\r\n",
				"To: x\rSubject: x\r\n", "To: x\r\nSubject: x", "To: x\r\nSubject: x\r", "", "\n")) {
			assertThat(SmtpConnection.isReadyForData(bytes(notReady))).as(notReady).isFalse();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void theNextLineBreakIsFoundFromAnyOffset() {
		Random random = new Random(47);
		for (int round = 0; round < 200; round++) {
			byte[] bytes = new byte[random.nextInt(40)];
			for (int i = 0; i < bytes.length; i++) {
				int pick = random.nextInt(12);
				bytes[i] = (byte) ((pick == 0) ? '\r' : (pick == 1) ? '\n' : (pick == 2) ? 0x8D : 'a' + pick);
			}
			for (int from = 0; from <= bytes.length; from++) {
				int expected = from;
				while (expected < bytes.length && bytes[expected] != '\r' && bytes[expected] != '\n') {
					expected++;
				}
				assertThat(SmtpConnection.nextLineBreak(bytes, from, bytes.length)).as("from %d in %s", from,
						Arrays.toString(bytes)).isEqualTo(expected);
			}
		}
	}

	/** RFC 5321's rules one character at a time: CRLF line ends, a dot doubled at a line's start. */
	private static String stuffedOneByteAtATime(String content) {
		StringBuilder wire = new StringBuilder();
		boolean lineStart = true;
		for (int i = 0; i < content.length(); i++) {
			char c = content.charAt(i);
			if (c == '\r' || c == '\n') {
				wire.append("\r\n");
				if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
					i++;
				}
				lineStart = true;
				continue;
			}
			if (c == '.' && lineStart) {
				wire.append('.');
			}
			wire.append(c);
			lineStart = false;
		}
		return wire.append(lineStart ? "" : "\r\n").append(".\r\n").toString();
	}

	@Test
	void pipelinesTheEnvelopeWhenTheServerOffersIt() throws Exception {
		try (ScriptedSmtpServer pipelining = new ScriptedSmtpServer().offerPipelining();
				ScriptedSmtpServer plain = new ScriptedSmtpServer()) {
			sendThree(pipelining);
			sendThree(plain);
			assertThat(pipelining.pipelinedCommands()).isEqualTo(6);
			assertThat(plain.pipelinedCommands()).isZero();
			for (ScriptedSmtpServer server : new ScriptedSmtpServer[] { pipelining, plain }) {
				assertThat(server.accepted()).hasSize(3);
				assertThat(server.accepted().get(2).recipients()).containsExactly("reader3@example.com");
				assertThat(server.accepted().get(2).data()).isEqualTo("Subject: 3\r\n\r\n.dot 3\r\n");
				assertThat(server.accepted()).allSatisfy((accepted) -> assertThat(accepted.connection()).isEqualTo(1));
			}
		}
	}

	@ParameterizedTest(name = "pipelining offered: {0}")
	@ValueSource(booleans = { true, false })
	void theNextEnvelopeGoesWithTheEndOfDataWhenTheServerPipelines(boolean pipelining) throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			if (pipelining) {
				server.offerPipelining();
			}
			OutgoingMessage one = message("ada@example.com", "Subject: 1\r\n\r\none\r\n");
			OutgoingMessage two = message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n");
			OutgoingMessage three = message("cy@example.com", "Subject: 3\r\n\r\nthree\r\n");
			List<String> events = new ArrayList<>();
			MailTransport.Gate gate = gate(() -> events.add("gate"));
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				assertThat(transport.deliver(one, gate, asked(events, two))).startsWith("250");
				assertThat(transport.deliver(two, gate, asked(events, three))).startsWith("250");
				assertThat(transport.deliver(three, gate, asked(events, null))).startsWith("250");
			}
			assertThat(server.sentWithEndOfData()).isEqualTo(pipelining ? 2 : 0);
			// Asked while the gate is waited for, so that building it overlaps the wait; not asked at all
			// when it could not go early: then a connection holds no message the others could send.
			assertThat(events).containsExactlyElementsOf(pipelining
					? List.of("asked", "gate", "asked", "gate", "asked", "gate") : List.of("gate", "gate", "gate"));
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::recipients)
				.containsExactly(List.of("ada@example.com"), List.of("bob@example.com"), List.of("cy@example.com"));
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::data)
				.containsExactly("Subject: 1\r\n\r\none\r\n", "Subject: 2\r\n\r\ntwo\r\n", "Subject: 3\r\n\r\nthree\r\n");
			assertThat(server.accepted()).allSatisfy((accepted) -> assertThat(accepted.connection()).isEqualTo(1));
		}
	}

	@Test
	void aStartedEnvelopeIsGivenUpUnacceptedWhenAnotherMessageComesInstead() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining();
				SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
			OutgoingMessage started = message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n");
			assertThat(transport.deliver(message("ada@example.com", "Subject: 1\r\n\r\none\r\n"), MailTransport.Gate.OPEN,
					() -> started)).startsWith("250");
			// Another message than the one started, as when a refused one is tried again first.
			assertThat(transport.deliver(message("cy@example.com", "Subject: 3\r\n\r\nthree\r\n"), MailTransport.Gate.OPEN,
					() -> started)).startsWith("250");
			assertThat(transport.deliver(started, MailTransport.Gate.OPEN, () -> null)).startsWith("250");
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::recipients)
				.containsExactly(List.of("ada@example.com"), List.of("cy@example.com"), List.of("bob@example.com"));
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::connection)
				.as("the connection that carried bob's envelope was dropped for cy's message")
				.containsExactly(1, 2, 2);
		}
	}

	@Test
	void closingWithAStartedEnvelopeLeavesNothingMoreAccepted() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining()) {
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				assertThat(transport.deliver(message("ada@example.com", "Subject: 1\r\n\r\none\r\n"), MailTransport.Gate.OPEN,
						() -> message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n"))).startsWith("250");
			}
			sleep(300);
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::recipients)
				.containsExactly(List.of("ada@example.com"));
			assertThat(server.commandsInData()).as("QUIT is not said while the server waits for data").isZero();
		}
	}

	@Test
	void aFailureWhileTheNextMessageIsBuiltLeavesThisOneUnaccepted() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining();
				SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
			assertThatThrownBy(() -> transport.deliver(message("ada@example.com", "Subject: 1\r\n\r\none\r\n"),
					MailTransport.Gate.OPEN, () -> {
						throw new IllegalStateException("the send lease was lost");
					}))
				.hasMessage("the send lease was lost");
			sleep(300);
			assertThat(server.accepted()).isEmpty();
			assertThat(server.commandsInData()).isZero();
			assertThat(transport.deliver(message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n"), MailTransport.Gate.OPEN,
					() -> null)).startsWith("250");
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::connection).containsExactly(2);
		}
	}

	@Test
	void aConnectionStopsStartingEnvelopesAtItsLastMessage() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining();
				SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 2)) {
			List<OutgoingMessage> four = new ArrayList<>();
			for (int i = 1; i <= 4; i++) {
				four.add(message("reader" + i + "@example.com", "Subject: " + i + "\r\n\r\n" + i + "\r\n"));
			}
			for (int i = 0; i < 4; i++) {
				OutgoingMessage next = (i < 3) ? four.get(i + 1) : null;
				assertThat(transport.deliver(four.get(i), MailTransport.Gate.OPEN, () -> next)).startsWith("250");
			}
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::connection).containsExactly(1, 1, 2, 2);
			// The second message of each connection is its last: nothing starts after it.
			assertThat(server.sentWithEndOfData()).isEqualTo(2);
			assertThat(server.commandsInData()).isZero();
		}
	}

	@Test
	void aMessageRefusedAtItsEndOfDataLeavesTheStartedEnvelopeUnusedAndBothGoAfterwards() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining().replyTo(1, "451 4.3.0 Try again later");
				SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
			OutgoingMessage one = message("ada@example.com", "Subject: 1\r\n\r\none\r\n");
			OutgoingMessage two = message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n");
			assertThatThrownBy(() -> transport.deliver(one, MailTransport.Gate.OPEN, () -> two))
				.isInstanceOfSatisfying(MessagingException.class,
						(ex) -> assertThat(DeliveryFailure.of(ex).kind()).isEqualTo(DeliveryFailure.Kind.TRANSIENT));
			assertThat(transport.deliver(one, MailTransport.Gate.OPEN, () -> two)).startsWith("250");
			assertThat(transport.deliver(two, MailTransport.Gate.OPEN, () -> null)).startsWith("250");
			assertThat(server.perRecipient()).containsOnly(java.util.Map.entry("ada@example.com", 1L),
					java.util.Map.entry("bob@example.com", 1L));
		}
	}

	@Test
	void theEndOfDataWaitsForTheGateAndAFailingGateLeavesTheMessageUnaccepted() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().offerPipelining();
				SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
			List<Integer> acceptedWhileWaiting = new ArrayList<>();
			MailTransport.Gate slow = gate(() -> {
				// Long enough for the server to have taken the message had its end of data gone early.
				sleep(300);
				acceptedWhileWaiting.add(server.accepted().size());
			});
			assertThat(transport.deliver(message("ada@example.com", "Subject: 1\r\n\r\none\r\n"), slow)).startsWith("250");
			assertThat(acceptedWhileWaiting).containsExactly(0);
			assertThat(server.accepted()).hasSize(1);

			MailTransport.Gate failing = gate(() -> {
				throw new IllegalStateException("the row of the message before could not be written");
			});
			assertThatThrownBy(() -> transport.deliver(message("bob@example.com", "Subject: 2\r\n\r\ntwo\r\n"), failing))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("the row of the message before could not be written");
			sleep(300);
			assertThat(server.accepted()).as("nothing accepted after a failed gate").hasSize(1);

			assertThat(transport.deliver(message("cy@example.com", "Subject: 3\r\n\r\nthree\r\n"), MailTransport.Gate.OPEN))
				.startsWith("250");
			assertThat(server.accepted()).extracting(ScriptedSmtpServer.Accepted::recipients)
				.containsExactly(List.of("ada@example.com"), List.of("cy@example.com"));
			assertThat(server.accepted().get(1).connection()).as("a new connection after the dropped one").isEqualTo(2);
		}
	}

	private static java.util.function.Supplier<OutgoingMessage> asked(List<String> events, OutgoingMessage following) {
		return () -> {
			events.add("asked");
			return following;
		};
	}

	private static MailTransport.Gate gate(Runnable await) {
		return new MailTransport.Gate() {
			@Override
			public boolean isOpen() {
				return false;
			}

			@Override
			public void await() {
				await.run();
			}
		};
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@ParameterizedTest(name = "pipelining offered: {0}")
	@ValueSource(booleans = { true, false })
	void aRefusedRecipientIsReportedAndTheNextMessageStillGoes(boolean pipelining) throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			if (pipelining) {
				server.offerPipelining();
			}
			server.replyToRecipient("gone@example.com", "550 5.1.1 No such user");
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
				assertThatThrownBy(() -> transport.deliver(message("gone@example.com", "Subject: x\r\n\r\nx\r\n")))
					.isInstanceOfSatisfying(MessagingException.class, (ex) -> {
						DeliveryFailure failure = DeliveryFailure.of(ex);
						assertThat(failure.kind()).isEqualTo(DeliveryFailure.Kind.PERMANENT);
						assertThat(failure.reply()).isEqualTo("550 5.1.1 No such user");
					});
				assertThat(transport.deliver(message("ada@example.com", "Subject: y\r\n\r\ny\r\n"))).startsWith("250");
			}
			assertThat(server.accepted()).singleElement()
				.satisfies((accepted) -> assertThat(accepted.recipients()).containsExactly("ada@example.com"));
		}
	}

	@ParameterizedTest(name = "AUTH {0}")
	@ValueSource(strings = { "PLAIN", "LOGIN" })
	void authenticatesAndStopsTheSendOnWrongCredentials(String mechanism) throws Exception {
		GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
			.withConfiguration(GreenMailConfiguration.aConfig().withUser("digest@example.com", "digest", "s3cret"));
		greenMail.start();
		try {
			int port = greenMail.getSmtp().getPort();
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setUsername("digest");
			sender.setPassword("s3cret");
			sender.getJavaMailProperties().setProperty("mail.smtp.auth", "true");
			sender.getJavaMailProperties().setProperty("mail.smtp.auth.mechanisms", mechanism);
			try (SmtpTransport transport = new SmtpTransport(settings(port, sender), 0)) {
				assertThat(transport.deliver(message("ada@example.com", "Subject: authenticated\r\n\r\nhi\r\n")))
					.startsWith("250");
			}
			assertThat(greenMail.getReceivedMessages()).singleElement()
				.satisfies((received) -> assertThat(received.getSubject()).isEqualTo("authenticated"));
			sender.setPassword("wrong");
			try (SmtpTransport transport = new SmtpTransport(settings(port, sender), 0)) {
				assertThatThrownBy(() -> transport.deliver(message("ada@example.com", "Subject: no\r\n\r\nno\r\n")))
					.isInstanceOfSatisfying(MessagingException.class,
							(ex) -> assertThat(DeliveryFailure.of(ex).kind()).isEqualTo(DeliveryFailure.Kind.FATAL));
			}
			assertThat(greenMail.getReceivedMessages()).hasSize(1);
		}
		finally {
			greenMail.stop();
		}
	}

	@Test
	void implicitTlsToATrustedHostAndNotToAnUntrustedOne() throws Exception {
		GreenMail greenMail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		greenMail.start();
		try {
			int port = greenMail.getSmtps().getPort();
			JavaMailSenderImpl trusting = new JavaMailSenderImpl();
			trusting.setProtocol("smtps");
			trusting.getJavaMailProperties().setProperty("mail.smtps.ssl.trust", "127.0.0.1");
			try (SmtpTransport transport = new SmtpTransport(settings(port, trusting), 0)) {
				transport.deliver(message("ada@example.com", "Subject: over TLS\r\n\r\nhi\r\n"));
			}
			assertThat(greenMail.getReceivedMessages()).singleElement()
				.satisfies((received) -> assertThat(received.getSubject()).isEqualTo("over TLS"));
			JavaMailSenderImpl checking = new JavaMailSenderImpl();
			checking.setProtocol("smtps");
			try (SmtpTransport transport = new SmtpTransport(settings(port, checking), 0)) {
				// GreenMail's certificate is self-signed: not to be trusted unless listed in ssl.trust.
				assertThatThrownBy(() -> transport.deliver(message("ada@example.com", "Subject: no\r\n\r\nno\r\n")))
					.isInstanceOf(MessagingException.class)
					.hasMessageContaining("smtps://127.0.0.1:" + port)
					.hasCauseInstanceOf(SSLHandshakeException.class);
			}
			assertThat(greenMail.getReceivedMessages()).hasSize(1);
		}
		finally {
			greenMail.stop();
		}
	}

	@Test
	void upgradesWithStartTlsWhenEnabledAndRefusesWithoutItWhenRequired() throws Exception {
		try (RawServer server = new RawServer(true, true)) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.getJavaMailProperties().setProperty("mail.smtp.starttls.enable", "true");
			sender.getJavaMailProperties().setProperty("mail.smtp.ssl.trust", "127.0.0.1");
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), sender), 0)) {
				transport.deliver(message("ada@example.com", "Subject: upgraded\r\n\r\nhi\r\n"));
			}
			assertThat(server.data()).isEqualTo("Subject: upgraded\r\n\r\nhi\r\n.\r\n");
			assertThat(server.tlsUsed()).isTrue();
		}
		try (RawServer server = new RawServer(true)) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.getJavaMailProperties().setProperty("mail.smtp.starttls.enable", "true");
			sender.getJavaMailProperties().setProperty("mail.smtp.starttls.required", "true");
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), sender), 0)) {
				assertThatThrownBy(() -> transport.deliver(message("ada@example.com", "Subject: no\r\n\r\nno\r\n")))
					.isInstanceOf(MessagingException.class)
					.hasMessageContaining("STARTTLS is required");
			}
		}
	}

	@Test
	void aServerThatDoesNotReplyInTimeIsAConnectionFailure() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			ScriptedSmtpServer.HeldReply held = server.holdReplyTo(1);
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "300");
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), sender), 0)) {
				assertThatThrownBy(() -> transport.deliver(message("ada@example.com", "Subject: x\r\n\r\nx\r\n")))
					.isInstanceOfSatisfying(MessagingException.class, (ex) -> {
						assertThat(ex).hasMessageContaining("mail.smtp.timeout");
						assertThat(DeliveryFailure.of(ex).kind()).isEqualTo(DeliveryFailure.Kind.CONNECTION);
					});
			}
			finally {
				held.release();
			}
		}
	}

	@Test
	void aServerThatStopsReadingIsGivenUpAfterTheWriteTimeout() throws Exception {
		try (RawServer server = new RawServer(false)) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.getJavaMailProperties().setProperty("mail.smtp.writetimeout", "500");
			byte[] big = new byte[64 * 1024 * 1024];
			Arrays.fill(big, (byte) 'x');
			for (int i = 76; i < big.length; i += 78) {
				big[i] = '\r';
				big[i + 1] = '\n';
			}
			long started = System.nanoTime();
			try (SmtpTransport transport = new SmtpTransport(settings(server.port(), sender), 0)) {
				assertThatThrownBy(() -> transport.deliver(new OutgoingMessage(IsoWeek.parse("2026-W46"), 1,
						"digest@example.com", "ada@example.com", "<1@example.com>", big)))
					.isInstanceOf(MessagingException.class)
					.hasMessageContaining("mail.smtp.writetimeout");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	void settingsItDoesNotUnderstandAreRefusedByName() {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("mail.example.com");
		sender.getJavaMailProperties().setProperty("mail.smtp.sasl.enable", "true");
		assertThatThrownBy(() -> SmtpSettings.of(sender)).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("spring.mail.properties.mail.smtp.sasl.enable is not understood");
		sender.getJavaMailProperties().clear();
		sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "soon");
		assertThatThrownBy(() -> SmtpSettings.of(sender)).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("spring.mail.properties.mail.smtp.timeout must be a number of milliseconds");
		sender.getJavaMailProperties().clear();
		sender.getJavaMailProperties().setProperty("mail.smtp.auth", "true");
		assertThatThrownBy(() -> SmtpSettings.of(sender)).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("needs spring.mail.username and spring.mail.password");
		sender.getJavaMailProperties().clear();
		sender.getJavaMailProperties().setProperty("mail.smtp.starttls.enable", "yes");
		assertThatThrownBy(() -> SmtpSettings.of(sender)).isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("starttls.enable must be true or false but was 'yes'");
	}

	private static void sendThree(ScriptedSmtpServer server) throws MessagingException {
		try (SmtpTransport transport = new SmtpTransport(settings(server.port(), new JavaMailSenderImpl()), 0)) {
			for (int i = 1; i <= 3; i++) {
				transport.deliver(message("reader" + i + "@example.com", "Subject: " + i + "\r\n\r\n.dot " + i + "\r\n"));
			}
		}
	}

	private static SmtpSettings settings(int port, JavaMailSenderImpl sender) {
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		return SmtpSettings.of(sender);
	}

	private static OutgoingMessage message(String recipient, String content) {
		return new OutgoingMessage(IsoWeek.parse("2026-W46"), 1, "digest@example.com", recipient, "<1@example.com>",
				content.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Speaks just enough SMTP to take one message and keep its data exactly as it came, or, with
	 * {@code reading} false, stops reading once it said 354: a server that stalls.
	 */
	private static final class RawServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());

		private final CompletableFuture<String> data = new CompletableFuture<>();

		private final boolean offerStartTls;

		private volatile boolean tlsUsed;

		RawServer(boolean reading) throws IOException {
			this(reading, false);
		}

		/** With {@code offerStartTls}, offers STARTTLS and upgrades with GreenMail's self-signed certificate. */
		RawServer(boolean reading, boolean offerStartTls) throws IOException {
			this.offerStartTls = offerStartTls;
			Thread thread = new Thread(() -> serve(reading), "raw-smtp");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		String data() throws Exception {
			return this.data.get(10, TimeUnit.SECONDS);
		}

		boolean tlsUsed() {
			return this.tlsUsed;
		}

		private void serve(boolean reading) {
			try (Socket accepted = this.socket.accept()) {
				Socket client = accepted;
				InputStream in = client.getInputStream();
				OutputStream out = client.getOutputStream();
				reply(out, "220 raw");
				while (true) {
					String line = line(in);
					if (line == null) {
						return;
					}
					if (line.startsWith("EHLO")) {
						reply(out, (this.offerStartTls && !this.tlsUsed) ? "250-raw\r\n250 STARTTLS" : "250 raw");
					}
					else if (line.equals("STARTTLS")) {
						reply(out, "220 go ahead");
						client = upgrade(client);
						in = client.getInputStream();
						out = client.getOutputStream();
						this.tlsUsed = true;
					}
					else if (line.equals("DATA")) {
						reply(out, "354 go on");
						if (!reading) {
							Thread.sleep(60_000);
							return;
						}
						ByteArrayOutputStream bytes = new ByteArrayOutputStream();
						String last = "";
						while (!last.equals("\r\n.\r\n")) {
							int c = in.read();
							if (c < 0) {
								return;
							}
							bytes.write(c);
							last = (last.length() < 5 ? last : last.substring(1)) + (char) c;
						}
						this.data.complete(bytes.toString(StandardCharsets.UTF_8));
						reply(out, "250 2.0.0 taken");
					}
					else if (line.equals("QUIT")) {
						reply(out, "221 bye");
						return;
					}
					else {
						reply(out, "250 ok");
					}
				}
			}
			catch (IOException | InterruptedException | GeneralSecurityException ex) {
				this.data.completeExceptionally(ex);
			}
		}

		private static Socket upgrade(Socket plain) throws IOException, GeneralSecurityException {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			SSLSocket tls = (SSLSocket) context.getSocketFactory()
				.createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), false);
			tls.setUseClientMode(false);
			tls.startHandshake();
			return tls;
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c >= 0; c = in.read()) {
				if (c == '\n') {
					return line.toString().strip();
				}
				line.append((char) c);
			}
			return null;
		}

		private static void reply(OutputStream out, String text) throws IOException {
			out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
