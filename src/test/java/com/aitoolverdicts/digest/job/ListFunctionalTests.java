package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list's side of the digest through the command line: the headers inboxes need, an unsubscribe
 * that takes effect in the middle of a send, the operator's unsubscribe and subscriber view, and a
 * test send that records nothing. Subclasses choose the database.
 */
abstract class ListFunctionalTests extends MailFunctionalTests {

	static final String WEEK = "2026-W46";

	@Test
	void everyDigestCarriesTheListHeadersAndAOneClickUnsubscribe() throws Exception {
		List<String> settings = new ArrayList<>(settings(greenMail.getSmtp().getPort(), 5));
		settings.addAll(List.of("--digest.message-id-domain=mail.aitoolverdicts.example.com",
				"--digest.reply-to=Editors <editors@aitoolverdicts.example.com>",
				"--digest.unsubscribe.base-url=https://unsubscribe.aitoolverdicts.example.com"));
		Fixtures.importWeek(settings, this.files, 3);

		assertThat(CliRun.run(settings, "send", "--week", WEEK).exitCode()).isEqualTo(ExitCode.OK);

		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received).hasSize(3);
		for (MimeMessage message : received) {
			String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress();
			long id = Long.parseLong(this.database.queryString("SELECT id FROM subscriber WHERE email_key = '" + to + "'"));
			assertThat(message.getHeader("Message-ID")[0]).matches("<2026-W46\\." + id + "\\.\\d+@mail\\.aitoolverdicts\\.example\\.com>");
			assertThat(message.getHeader("Date")).hasSize(1);
			assertThat(message.getHeader("From")[0]).isEqualTo("Weekly AI Tool Verdicts <digest@aitoolverdicts.example.com>");
			assertThat(MimeUtility.unfold(message.getHeader("Reply-To")[0])).isEqualTo("Editors <editors@aitoolverdicts.example.com>");
			assertThat(MimeUtility.unfold(message.getHeader("List-Id")[0]))
				.isEqualTo("Weekly AI Tool Verdicts <weekly-ai-tool-verdicts.aitoolverdicts.example.com>");
			assertThat(MimeUtility.unfold(message.getHeader("List-Unsubscribe")[0])).matches(
					"<https://unsubscribe\\.aitoolverdicts\\.example\\.com/unsubscribe/" + id + "\\.[A-Za-z0-9_-]{43}>, "
							+ "<mailto:unsubscribe@aitoolverdicts\\.example\\.com\\?subject=unsubscribe%20" + id
							+ "\\.[A-Za-z0-9_-]{43}>");
			assertThat(message.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
			String subject = MimeUtility.decodeText(message.getHeader("Subject")[0].replaceAll("\\r?\\n", ""));
			assertThat(subject).isEqualTo(message.getSubject()).hasSizeLessThanOrEqualTo(78).endsWith("(2026-W46)");
			String link = MimeUtility.unfold(message.getHeader("List-Unsubscribe")[0]).replaceAll("^<([^>]+)>.*", "$1");
			assertThat(PersonalDigestFunctionalTests.text(message).replaceAll("\\s+", " ")).contains("Unsubscribe: " + link);
		}
	}

	@Test
	void anUnsubscribeDuringASendTakesEffectForTheNextMessage() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = oneConnection(settings(server.port(), 50));
			Fixtures.importWeek(settings, this.files, 4);
			ScriptedSmtpServer.HeldReply first = server.holdReplyTo(1);

			CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> CliRun.run(settings, "send", "--week", WEEK));
			assertThat(first.awaitArrival(Duration.ofMinutes(1))).isTrue();
			// The page of subscribers was read before this: only the check before each message can see it.
			this.database.execute("UPDATE subscriber SET status = 'unsubscribed' WHERE email_key = 'reader03@example.com'");
			// The page's own check vouches for its readers for 0.1 s after it was read: after that,
			// each message asks.
			Thread.sleep(150);
			first.release();
			CliRun sent = send.get();

			assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).containsOnlyKeys("reader01@example.com", "reader02@example.com",
					"reader04@example.com");
			assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
					+ "WHERE s.email_key = 'reader03@example.com'")).isEqualTo("0");
		}
	}

	@Test
	void operatorsUnsubscribeAnAddressAndSeeASubscriber() {
		List<String> settings = settings(greenMail.getSmtp().getPort(), 5);
		Fixtures.importWeek(settings, this.files, 2);
		assertThat(CliRun.run(settings, "send", "--week", WEEK).exitCode()).isEqualTo(ExitCode.OK);

		CliRun unsubscribe = CliRun.run(settings, "unsubscribe", "--email", "READER01@example.com");
		CliRun again = CliRun.run(settings, "unsubscribe", "--email", "reader01@example.com");
		CliRun show = CliRun.run(settings, "subscribers", "show", "reader01@example.com");
		CliRun unknown = CliRun.run(settings, "subscribers", "show", "nobody@example.com");

		assertThat(unsubscribe.out()).contains("Unsubscribed reader01@example.com (was active).");
		assertThat(again.out()).contains("reader01@example.com was already unsubscribed. Nothing changed.");
		assertThat(show.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(show.out()).contains("reader01@example.com (Reader 1)", "status       unsubscribed", "categories   all")
			.containsPattern("2026-W46\\s+delivered at ");
		assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(unknown.err()).contains("No subscriber has the address 'nobody@example.com'");
	}

	@Test
	void withoutTheUnsubscribeSecretNothingStarts() {
		List<String> settings = new ArrayList<>(settings(greenMail.getSmtp().getPort(), 5));
		settings.add("--digest.unsubscribe.secret=");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).isEqualTo(ExitCode.CONFIG);
		assertThat(send.err()).contains("digest.unsubscribe.secret is not set");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	@Test
	void aTestSendGoesToAnyAddressAndRecordsNothing() throws Exception {
		List<String> settings = settings(greenMail.getSmtp().getPort(), 5);
		Fixtures.importWeek(settings, this.files, 2);

		CliRun test = CliRun.run(settings, "send", "--week", WEEK, "--to", "editor@elsewhere.example", "--test");
		CliRun bad = CliRun.run(settings, "send", "--week", WEEK, "--to", "not an address", "--test");

		assertThat(test.exitCode()).as(test.toString()).isEqualTo(ExitCode.OK);
		assertThat(test.out()).contains("Sent a test of 2026-W46 to editor@elsewhere.example (nothing recorded)");
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
		assertThat(greenMail.getReceivedMessages()[0].getSubject()).startsWith("[TEST] ");
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery")).isEqualTo("0");
		assertThat(this.database.queryString("SELECT COUNT(*) FROM digest_issue")).isEqualTo("0");
		assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(bad.err()).contains("'not an address' is not an email address");
	}

}
