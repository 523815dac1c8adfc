package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sending over several SMTP connections at once (digest.smtp.connections): every connection is
 * used, each is renewed after digest.smtp.max-messages-per-connection, and a failure on one of
 * them leaves the ledger exactly as the server saw the send, so that a resume mails nobody twice.
 */
abstract class ParallelDeliveryFunctionalTests extends MailFunctionalTests {

	static final String WEEK = "2026-W46";

	List<String> settings(ScriptedSmtpServer server, String... more) {
		List<String> settings = new ArrayList<>(settings(server.port(), 8));
		settings.add("--digest.smtp.connections=4");
		settings.addAll(List.of(more));
		return settings;
	}

	@Test
	void messagesGoOutOverAllConnectionsAtOnceEachKeptOpen() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			// A slow server keeps each connection busy long enough for the others to be opened alongside.
			server.delayEachReply(Duration.ofMillis(30));
			List<String> settings = settings(server);
			Fixtures.importWeek(settings, this.files, 24);

			CliRun send = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(24).allSatisfy((email, count) -> assertThat(count).isOne());
			assertThat(server.mostConnectionsAtOnce()).isEqualTo(4);
			assertThat(messagesPerConnection(server)).hasSize(4);
			assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("24");
		}
	}

	@Test
	void aConnectionIsRenewedAfterItsLimitOfMessages() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server, "--digest.smtp.max-messages-per-connection=3");
			Fixtures.importWeek(settings, this.files, 24);

			CliRun send = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(24).allSatisfy((email, count) -> assertThat(count).isOne());
			Map<Integer, Long> perConnection = messagesPerConnection(server);
			assertThat(perConnection.values()).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(3));
			assertThat(perConnection).hasSizeGreaterThanOrEqualTo(8);
		}
	}

	private static Map<Integer, Long> messagesPerConnection(ScriptedSmtpServer server) {
		return server.accepted()
			.stream()
			.collect(Collectors.groupingBy(ScriptedSmtpServer.Accepted::connection, Collectors.counting()));
	}

	@Test
	void aMessageRefusedOnOneConnectionStopsAllAndTheLedgerMatchesTheServer() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			server.replyTo(11, "554 5.7.1 Transaction failed").delayEachReply(Duration.ofMillis(30));
			List<String> settings = settings(server);
			Fixtures.importWeek(settings, this.files, 30);

			CliRun failed = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.REFUSED);
			int accepted = server.accepted().size();
			// The refusal halts the send within its chunk (messages 9 to 16): those in flight on the other
			// connections finish (one more each may start before the halt is seen), the next chunk never goes.
			assertThat(accepted).isBetween(10, 15);
			assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'"))
				.isEqualTo(Integer.toString(accepted));
			assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'failed'")).isEqualTo("1");
			assertThat(server.accepted().stream().flatMap((message) -> message.recipients().stream()))
				.allSatisfy((email) -> assertThat(this.database.queryString("SELECT d.state FROM delivery d JOIN subscriber s "
						+ "ON s.id = d.subscriber_id WHERE s.email = '" + email + "'")).isEqualTo("delivered"));

			CliRun resumed = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(30).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void temporaryRefusalsOnSeveralConnectionsAreRetriedAndNobodyGetsTwo() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			server.replyTo(3, "451 4.3.0 Try again later")
				.replyTo(4, "421 4.4.2 Closing connection")
				.replyTo(9, "451 4.3.0 Try again later");
			List<String> settings = settings(server, "--digest.retry.first-delay=20ms", "--digest.retry.max-delay=100ms");
			Fixtures.importWeek(settings, this.files, 20);

			CliRun send = CliRun.run(settings, "send", "--week", WEEK);

			assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(20).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

}
