package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weekly job end to end, through the command line as cron runs it: import, send into a real
 * SMTP server, send again, fail part-way and resume. Subclasses choose the database.
 */
abstract class SendFunctionalTests extends MailFunctionalTests {

	static final String WEEK = "2026-W46";

	List<String> settings(int smtpPort) {
		return settings(smtpPort, 5);
	}

	@Test
	void sendDeliversOneDigestToEachActiveSubscriberAndNeverTwice() throws Exception {
		List<String> settings = settings(greenMail.getSmtp().getPort());
		Fixtures.importWeek(settings, this.files, 8);

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(send.out()).contains("Sent 2026-W46.").containsPattern("delivered\\s+8");
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(recipientCounts(received)).hasSize(8).allSatisfy((email, count) -> assertThat(count).isOne());
		assertThat(recipientCounts(received)).doesNotContainKeys("gone@example.com", "bounced@example.com");
		for (MimeMessage message : received) {
			assertThat(message.getContentType()).startsWith("multipart/alternative");
			MimeMultipart parts = (MimeMultipart) message.getContent();
			assertThat(parts.getCount()).isEqualTo(2);
			assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
			assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
			String html = (String) parts.getBodyPart(1).getContent();
			String text = (String) parts.getBodyPart(0).getContent();
			assertThat(html).contains("Figma Layout Assist vs Vectorly",
					"https://aitoolverdicts.example.com/compare/figma-layout-assist-vs-vectorly", "4 ship / 0 skip",
					"100% panel ship", "Also new this week", "/unsubscribe/", "Split panel: ");
			assertThat(text).contains("Figma Layout Assist vs Vectorly", "Builder", "Skeptic", "Futurist", "Founder",
					"Why this pair: ");
			assertThat(message.getHeader("Message-ID")[0]).startsWith("<2026-W46.");
		}
		MimeMessage toReader1 = Arrays.stream(received)
			.filter((message) -> recipients(message).contains("reader01@example.com"))
			.findFirst()
			.orElseThrow();
		assertThat(((InternetAddress) toReader1.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
			.isEqualTo("Reader 1");

		CliRun again = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
		assertThat(again.out()).contains("2026-W46 was already sent on").contains("to 8 subscribers");
		assertThat(greenMail.getReceivedMessages()).hasSize(8);
		CliRun status = CliRun.run(settings, "status", "--week", WEEK);
		assertThat(status.out()).contains("state          sent").contains("delivered 8, deferred 0, bounced 0, failed 0");

		CliRun resend = CliRun.run(settings, "send", "--week", WEEK, "--to", "READER02@example.com");

		assertThat(resend.exitCode()).as(resend.toString()).isEqualTo(ExitCode.OK);
		assertThat(resend.out()).contains("Re-sent 2026-W46 to reader02@example.com");
		assertThat(recipientCounts(greenMail.getReceivedMessages())).hasSize(8)
			.containsEntry("reader02@example.com", 2)
			.containsEntry("reader01@example.com", 1);
		assertThat(this.database.queryString("SELECT reply FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
				+ "WHERE s.email = 'reader02@example.com'")).startsWith("re-sent on request: ");
	}

	@Test
	void aFailureMidSendThenAResumeWithAnotherChunkSizeDeliversTheRestWithNoDuplicate() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			server.replyTo(6, "554 5.7.1 Transaction failed");
			List<String> settings = oneConnection(settings(server.port()));
			Fixtures.importWeek(settings, this.files, 12);

			CliRun failed = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.REFUSED);
			assertThat(failed.out()).contains("STOPPED").contains("554 5.7.1 Transaction failed");
			assertThat(server.accepted()).hasSize(5);
			CliRun status = CliRun.run(settings, "status", "--week", WEEK);
			assertThat(status.out()).contains("state          failed")
				.contains("delivered 5, deferred 0, bounced 0, failed 1")
				.contains("554 5.7.1 Transaction failed");

			CliRun resumed = CliRun.run(settings(server.port(), 3), "send", "--week", WEEK);

			assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.OK);
			assertThat(resumed.out()).containsPattern("delivered\\s+7").containsPattern("already had\\s+5");
			assertThat(server.perRecipient()).hasSize(12).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void aWeekWhoseJobCompletedIsSentEvenIfTheIssueStateWasNotWritten() throws Exception {
		List<String> settings = settings(greenMail.getSmtp().getPort());
		Fixtures.importWeek(settings, this.files, 4);
		assertThat(CliRun.run(settings, "send", "--week", WEEK).exitCode()).isZero();
		this.database.execute("UPDATE digest_issue SET state = 'failed', sent_at = NULL");

		CliRun again = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.OK);
		assertThat(again.out()).contains("2026-W46 was already sent on").contains("to 4 subscribers");
		assertThat(greenMail.getReceivedMessages()).hasSize(4);
		assertThat(CliRun.run(settings, "status", "--week", WEEK).out()).contains("state          sent");
	}

	@Test
	void aLiveHolderOnAnotherMachineKeepsTheWeekAndASilentOneIsTakenOver() throws Exception {
		List<String> settings = settings(greenMail.getSmtp().getPort());
		Fixtures.importWeek(settings, this.files, 3);
		this.database.execute("INSERT INTO send_lease (week, owner, acquired_at, heartbeat_at) VALUES ('" + WEEK
				+ "', 'other-host/pid:[1] pid 4242 abcdef12', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");

		CliRun busy = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(ExitCode.BUSY);
		assertThat(busy.out()).contains("Another send of 2026-W46 is running", "other-host");
		assertThat(greenMail.getReceivedMessages()).isEmpty();

		this.database.execute("UPDATE send_lease SET heartbeat_at = CURRENT_TIMESTAMP - INTERVAL '10' MINUTE");
		CliRun takenOver = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(takenOver.exitCode()).as(takenOver.toString()).isEqualTo(ExitCode.OK);
		assertThat(greenMail.getReceivedMessages()).hasSize(3);
		assertThat(this.database.queryString("SELECT COUNT(*) FROM send_lease")).isEqualTo("0");
	}

	@Test
	void aSendWhoseLeaseWasTakenOverStopsBeforeItsNextMessage() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = new ArrayList<>(oneConnection(settings(server.port())));
			settings.add("--digest.lease-timeout=5s");
			Fixtures.importWeek(settings, this.files, 6);
			ScriptedSmtpServer.HeldReply second = server.holdReplyTo(2);

			CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> CliRun.run(settings, "send", "--week", WEEK));
			assertThat(second.awaitArrival(Duration.ofMinutes(1))).isTrue();
			// Another machine takes the week over (as it would after this one fell silent for the timeout).
			this.database.execute("UPDATE send_lease SET owner = 'other-host pid 4242 abcdef12'");
			// A heartbeat (every lease-timeout / 4) finds the lease gone.
			Thread.sleep(2500);
			second.release();
			CliRun stopped = send.get();

			assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCode.FAILED);
			assertThat(stopped.out()).contains("Lost the lease on 2026-W46 to another run");
			assertThat(server.accepted()).hasSize(2);
		}
	}

	@Test
	void aWeekWithoutNewToolsSendsNothing() {
		List<String> settings = settings(greenMail.getSmtp().getPort());
		Fixtures.importWeek(settings, this.files, 3);

		CliRun send = CliRun.run(settings, "send", "--week", "2026-W40");

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(send.out()).contains("No tools were published in 2026-W40").contains("Nothing to send");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
	}

	private static Map<String, Integer> recipientCounts(MimeMessage[] messages) {
		return Arrays.stream(messages)
			.flatMap((message) -> recipients(message).stream())
			.collect(Collectors.toMap(Function.identity(), (email) -> 1, Integer::sum));
	}

	private static List<String> recipients(MimeMessage message) {
		try {
			List<String> emails = new ArrayList<>();
			for (Address address : message.getAllRecipients()) {
				emails.add(((InternetAddress) address).getAddress());
			}
			return emails;
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
