package com.aitoolverdicts.digest.job;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Set;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import com.aitoolverdicts.digest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each kind of SMTP failure does to a send: retried, deferred, bounced, or stopping it.
 * Subclasses choose the database and whether the server pipelines.
 */
abstract class DeliveryFailureFunctionalTests {

	static final String WEEK = "2026-W46";

	@TempDir
	Path files;

	TestDatabase database;

	ScriptedSmtpServer server;

	abstract TestDatabase newDatabase();

	/** Whether the server offers PIPELINING, so that each next envelope goes with an end of data. */
	boolean pipelining() {
		return false;
	}

	@BeforeEach
	void start() throws Exception {
		this.database = newDatabase();
		this.server = new ScriptedSmtpServer();
		if (pipelining()) {
			this.server.offerPipelining();
		}
	}

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	List<String> settings(int port, String... more) {
		List<String> settings = new java.util.ArrayList<>(List.of("--spring.datasource.url=" + this.database.url(),
				"--digest.mail.transport=smtp", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + port,
				"--digest.chunk-size=3", "--digest.retry.first-delay=20ms", "--digest.retry.max-delay=200ms",
				"--digest.retry.give-up-after=3s", "--digest.max-issue-age=" + SendFunctionalTests.FIXTURE_AGE));
		settings.addAll(List.of(more));
		return settings;
	}

	/** Chunks of nine instead of three: one chunk, read as a whole before any message goes. */
	private static void oneChunkOfNine(List<String> settings) {
		settings.replaceAll((setting) -> setting.equals("--digest.chunk-size=3") ? "--digest.chunk-size=9" : setting);
	}

	/** Makes the ledger refuse every row of the reader; returns their id. */
	private String unrecordable(String email) {
		String id = this.database.queryString("SELECT id FROM subscriber WHERE email = '" + email + "'");
		this.database.execute("ALTER TABLE delivery ADD CONSTRAINT test_unrecordable CHECK (subscriber_id <> " + id + ")");
		return id;
	}

	/**
	 * Lets the ledger record the reader again, resumes the send, and checks that all {@code readers}
	 * got the issue once, but that reader twice: the one message accepted without its row.
	 */
	private void resumeAndSeeOnlyTheUnrecordedTwice(List<String> settings, int readers, String email) {
		this.database.execute("ALTER TABLE delivery DROP CONSTRAINT test_unrecordable");
		CliRun resume = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(readers)
			.allSatisfy((reader, count) -> assertThat(count).isEqualTo(reader.equals(email) ? 2 : 1));
	}

	@Test
	void theNextEnvelopeGoesWithTheEndOfDataExactlyWhenTheServerPipelines() {
		List<String> settings = settings(this.server.port(), "--digest.smtp.connections=3");
		settings.replaceAll((setting) -> setting.equals("--digest.chunk-size=3") ? "--digest.chunk-size=12" : setting);
		Fixtures.importWeek(settings, this.files, 12);
		this.server.replyTo(5, "451 4.3.0 Try again later");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(12).allSatisfy((email, count) -> assertThat(count).isOne());
		assertThat(this.server.sentWithEndOfData() > 0).as("envelopes sent with an end of data").isEqualTo(pipelining());
		assertThat(this.server.commandsInData()).isZero();
	}

	@Test
	void aTemporaryRefusalIsRetriedAndThenAccepted() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 6);
		this.server.replyTo(3, "451 4.3.0 Try again later");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(6).allSatisfy((email, count) -> assertThat(count).isOne());
	}

	@Test
	void a421OrADroppedConnectionIsRetriedOnAFreshConnection() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 6);
		this.server.replyTo(2, "421 4.3.2 Service shutting down, closing channel").dropConnectionAt(5);

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(6).allSatisfy((email, count) -> assertThat(count).isOne());
	}

	@Test
	void aRefusedRecipientIsBouncedAndTheSendGoesOn() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 5);
		this.server.replyToRecipient("reader02@example.com", "550 5.1.1 No such user here");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(send.out()).containsPattern("bounced\\s+1");
		assertThat(this.server.perRecipient()).hasSize(4).doesNotContainKey("reader02@example.com");
		CliRun status = CliRun.run(settings, "status", "--week", WEEK);
		assertThat(status.out()).contains("delivered 4, deferred 0, bounced 1")
			.contains("bounced: reader02@example.com", "550 5.1.1 No such user here");
		this.server.clearRecipientReplies();
		CliRun nextImport = CliRun.run(settings, "send", "--week", WEEK);
		assertThat(nextImport.out()).contains("already sent");
		assertThat(this.database.queryString("SELECT status FROM subscriber WHERE email = 'reader02@example.com'"))
			.isEqualTo("bounced");
	}

	@Test
	void aRecipientRefusedForNowIsDeferredAndRerunFailedOnlyDeliversIt() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 5);
		this.server.replyToRecipient("reader03@example.com", "450 4.2.1 Mailbox busy, try later");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.DEFERRED);
		assertThat(send.out()).containsPattern("deferred\\s+1").contains("rerun --week 2026-W46 --failed-only");
		assertThat(this.server.perRecipient()).hasSize(4).doesNotContainKey("reader03@example.com");

		this.server.clearRecipientReplies();
		CliRun rerun = CliRun.run(settings, "rerun", "--week", WEEK, "--failed-only");

		assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(5).allSatisfy((email, count) -> assertThat(count).isOne());
	}

	@Test
	void aRefusedMessageStopsTheSendInsteadOfBouncingTheList() {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port()));
		Fixtures.importWeek(settings, this.files, 5);
		this.server.replyTo(2, "552 5.3.4 Message size exceeds fixed limit");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.REFUSED);
		assertThat(send.out()).contains("refuses the message itself", "552 5.3.4");
		assertThat(this.server.perRecipient()).hasSize(1);
		assertThat(this.database.queryString("SELECT COUNT(*) FROM subscriber WHERE status = 'bounced'")).isEqualTo("1");
	}

	@Test
	void tooManyBouncesStopTheSend() {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(), "--digest.max-permanent-failures=1"));
		Fixtures.importWeek(settings, this.files, 6);
		this.server.replyToRecipient("reader01@example.com", "550 5.1.1 No such user");
		this.server.replyToRecipient("reader02@example.com", "550 5.1.1 No such user");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.REFUSED);
		assertThat(send.out()).contains("more than digest.max-permanent-failures=1", "nobody was marked bounced");
		assertThat(this.server.perRecipient()).isEmpty();
		assertThat(this.database.queryString("SELECT COUNT(*) FROM subscriber WHERE status = 'bounced'"))
			.as("only the fixture's bounced address").isEqualTo("1");
	}

	@Test
	void withOneUnrecordedPerConnectionEachRowIsWrittenWhileTheNextMessagesDataGoesAndItsEndOfDataWaitsForIt() {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(),
				"--digest.smtp.unrecorded-per-connection=1"));
		Fixtures.importWeek(settings, this.files, 4);
		slowLedger();

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(4).allSatisfy((email, count) -> assertThat(count).isOne());
		// Chunks of 3: the 2nd and 3rd messages follow a message of the same chunk on the same
		// connection. Their data went at once, and their end of data waited for the row before.
		// Written one after the other, the data would only have started once the row was in.
		assertThat(this.server.accepted().subList(1, 3))
			.allSatisfy((accepted) -> assertThat(accepted.untilEndOfData()).isGreaterThan(Duration.ofMillis(200)));
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("4");
	}

	@Test
	void rowsThatArriveWhileTheLedgerIsBusyAreWrittenTogether() {
		List<String> settings = nineReadersThreeConnectionsSlowLedger();

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(9).allSatisfy((email, count) -> assertThat(count).isOne());
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("9");
		// While one row takes 300 ms, the other connections' rows queue up and go in the next round,
		// one statement with one timestamp. Written one by one, no two rows would share theirs.
		assertThat(Integer.parseInt(this.database.queryString("SELECT COUNT(DISTINCT created_at) FROM delivery")))
			.isLessThan(9);
	}

	@Test
	void aRowThatCannotBeWrittenAmongOthersCostsOnlyItsOwnSubscriber() {
		List<String> settings = nineReadersThreeConnectionsSlowLedger();
		String fifth = unrecordable("reader05@example.com");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.FAILED);
		assertThat(send.out() + send.err()).contains("Could not record subscriber " + fifth + " as delivered");
		// Its round's statement failed as a whole; the other rows in it were written one by one.
		Set<String> recorded = new HashSet<>(this.database.queryStrings("SELECT s.email FROM delivery d "
				+ "JOIN subscriber s ON s.id = d.subscriber_id WHERE d.state = 'delivered'"));
		Set<String> accepted = new HashSet<>(this.server.perRecipient().keySet());
		assertThat(accepted).contains("reader05@example.com");
		accepted.remove("reader05@example.com");
		assertThat(recorded).isEqualTo(accepted);

		resumeAndSeeOnlyTheUnrecordedTwice(settings, 9, "reader05@example.com");
	}

	@Test
	void anUnsubscribeIsSeenWhileRowsAreSlowToWrite() throws Exception {
		List<String> settings = nineReadersThreeConnectionsSlowLedger();
		// One chunk, one page: all nine were read as active before the update below.
		oneChunkOfNine(settings);
		ScriptedSmtpServer.HeldReply first = this.server.holdReplyTo(1);

		CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> CliRun.run(settings, "send", "--week", WEEK));
		assertThat(first.awaitArrival(Duration.ofMinutes(1))).isTrue();
		// Each row takes 300 ms; the chunk's statuses are asked on a thread of their own meanwhile.
		this.database.execute("UPDATE subscriber SET status = 'unsubscribed' WHERE email_key = 'reader08@example.com'");
		// Past the 0.1 s for which the page's own check vouches: every check from here is asked.
		Thread.sleep(150);
		first.release();
		CliRun sent = send.get(2, TimeUnit.MINUTES);

		assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(8)
			.doesNotContainKey("reader08@example.com")
			.allSatisfy((email, count) -> assertThat(count).isOne());
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
				+ "WHERE s.email_key = 'reader08@example.com'")).isEqualTo("0");
	}

	@Test
	void anUnsubscribeDuringARateLimitWaitIsSeen() throws Exception {
		List<String> settings = settings(this.server.port(), "--digest.smtp.connections=1",
				"--digest.smtp.max-per-second=1");
		Fixtures.importWeek(settings, this.files, 2);

		CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> CliRun.run(settings, "send", "--week", WEEK));
		long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (this.server.accepted().isEmpty() && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		assertThat(this.server.accepted()).as("the first reader's message").hasSize(1);
		// reader02's message waits about a second for the rate limit, and the unsubscribe lands in
		// that wait: the status checks asked before it are too old by then, so it asks again.
		Thread.sleep(200);
		this.database.execute("UPDATE subscriber SET status = 'unsubscribed' WHERE email_key = 'reader02@example.com'");
		CliRun sent = send.get(2, TimeUnit.MINUTES);

		assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).containsOnlyKeys("reader01@example.com");
	}

	/**
	 * Nine readers over three connections, every ledger row slow to write. The connections of a
	 * chunk start together, and with every reply slowed alike their messages are accepted within a
	 * few milliseconds of each other: their rows arrive while the ledger is busy.
	 */
	private List<String> nineReadersThreeConnectionsSlowLedger() {
		List<String> settings = new ArrayList<>(settings(this.server.port()));
		settings.add("--digest.smtp.connections=3");
		Fixtures.importWeek(settings, this.files, 9);
		slowLedger();
		this.server.delayEachReply(Duration.ofMillis(50));
		return settings;
	}

	/** Every ledger row now takes 300 ms to write. */
	private void slowLedger() {
		if (this.database.url().startsWith("jdbc:h2:")) {
			this.database.execute("CREATE TRIGGER test_slow_ledger BEFORE INSERT ON delivery FOR EACH ROW CALL '"
					+ SlowTrigger.class.getName() + "'");
		}
		else {
			this.database.execute("CREATE FUNCTION test_slow_ledger() RETURNS trigger AS "
					+ "'BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END' LANGUAGE plpgsql");
			this.database.execute("CREATE TRIGGER test_slow_ledger BEFORE INSERT ON delivery FOR EACH ROW "
					+ "EXECUTE FUNCTION test_slow_ledger()");
		}
	}

	/** An H2 trigger that makes every ledger row slow to write. */
	public static final class SlowTrigger implements org.h2.api.Trigger {

		@Override
		public void fire(java.sql.Connection connection, Object[] oldRow, Object[] newRow) {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Test
	void withOneUnrecordedPerConnectionADeliveryTheLedgerCannotRecordStopsTheNextMessageBeforeTheServerAcceptsIt() {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(),
				"--digest.smtp.unrecorded-per-connection=1"));
		Fixtures.importWeek(settings, this.files, 6);
		String second = unrecordable("reader02@example.com");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.FAILED);
		assertThat(send.out() + send.err()).contains("Could not record subscriber " + second + " as delivered",
				"a resume mails it again");
		// reader03 (same chunk, same connection) had its envelope and data sent while reader02's row
		// was being written, but not its end of data: the one message at risk is reader02's, already
		// accepted when the ledger failed.
		assertThat(this.server.perRecipient()).containsOnlyKeys("reader01@example.com", "reader02@example.com");
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("1");

		resumeAndSeeOnlyTheUnrecordedTwice(settings, 6, "reader02@example.com");
	}

	@Test
	void withTwoUnrecordedPerConnectionAnEndOfDataWaitsForTheRowBeforeTheLastOnly() {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(),
				"--digest.smtp.unrecorded-per-connection=2"));
		Fixtures.importWeek(settings, this.files, 3);
		slowLedger();
		// So that reader02's message starts more than 0.1 s after the page was read: its status is
		// asked then, and must not wait behind reader01's row, which takes 300 ms.
		this.server.delayEachReply(Duration.ofMillis(30));

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(3).allSatisfy((email, count) -> assertThat(count).isOne());
		// Each row takes 300 ms. reader02's end of data waits for no row (reader01's may still be
		// going in), nor for its status check, on its own thread; reader03's waits for reader01's
		// row. With one unrecorded message, or the check behind reader01's row, reader02's would
		// also have waited 300 ms.
		List<ScriptedSmtpServer.Accepted> accepted = this.server.accepted();
		assertThat(accepted.get(1).untilEndOfData()).isLessThan(Duration.ofMillis(150));
		assertThat(accepted.get(2).untilEndOfData()).isGreaterThan(Duration.ofMillis(150));
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("3");
	}

	@Test
	void withTwoUnrecordedPerConnectionARowTheLedgerCannotRecordCostsOnlyItsSubscriber() {
		// reader03's end of data waited for reader01's row only, and went while reader02's was being
		// tried (for a second and a half); reader04's waited for reader02's, and never went.
		aRowTheLedgerCannotRecordCostsOnlyItsSubscriber(2, "--digest.smtp.unrecorded-per-connection=2");
	}

	@Test
	void withThreeUnrecordedPerConnectionARowTheLedgerCannotRecordCostsOnlyItsSubscriber() {
		aRowTheLedgerCannotRecordCostsOnlyItsSubscriber(3, "--digest.smtp.unrecorded-per-connection=3");
	}

	@Test
	void byDefaultFourMessagesPerConnectionMayGoBeforeARowTheLedgerCannotRecordStopsTheNext() {
		// digest.smtp.unrecorded-per-connection is 4 unless set.
		aRowTheLedgerCannotRecordCostsOnlyItsSubscriber(4);
	}

	/**
	 * One connection, one chunk (a chunk's end waits for all its rows, which would stop the rest
	 * whatever the gate did), and reader02's row cannot be written. With {@code unrecorded} messages
	 * per connection, the ends of data of reader03 to reader(unrecorded + 1) wait for reader01's row
	 * at most and go while reader02's is being tried; the next one waits for reader02's and never
	 * goes. At most that many messages are accepted without their row, and only the one whose row
	 * failed is left so.
	 */
	private void aRowTheLedgerCannotRecordCostsOnlyItsSubscriber(int unrecorded, String... setting) {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(), setting));
		oneChunkOfNine(settings);
		int readers = unrecorded + 4;
		Fixtures.importWeek(settings, this.files, readers);
		String second = unrecordable("reader02@example.com");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.FAILED);
		assertThat(send.out() + send.err()).contains("Could not record subscriber " + second + " as delivered");
		List<String> accepted = new ArrayList<>();
		for (int reader = 1; reader <= unrecorded + 1; reader++) {
			accepted.add(String.format("reader%02d@example.com", reader));
		}
		assertThat(this.server.perRecipient()).containsOnlyKeys(accepted);
		accepted.remove("reader02@example.com");
		assertThat(this.database.queryStrings("SELECT s.email FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
				+ "WHERE d.state = 'delivered'")).containsExactlyInAnyOrderElementsOf(accepted);

		resumeAndSeeOnlyTheUnrecordedTwice(settings, readers, "reader02@example.com");
	}

	@Test
	void withTwoUnrecordedPerConnectionAnUnsubscribeIsStillSeenBeforeTheEndOfData() throws Exception {
		List<String> settings = MailFunctionalTests.oneConnection(settings(this.server.port(),
				"--digest.smtp.unrecorded-per-connection=2"));
		// One chunk: all four were read as active before the update below.
		oneChunkOfNine(settings);
		Fixtures.importWeek(settings, this.files, 4);
		ScriptedSmtpServer.HeldReply first = this.server.holdReplyTo(1);

		CompletableFuture<CliRun> send = CompletableFuture.supplyAsync(() -> CliRun.run(settings, "send", "--week", WEEK));
		assertThat(first.awaitArrival(Duration.ofMinutes(1))).isTrue();
		// By the time the held reply comes, every check asked so far is more than 0.1 s old:
		// reader02's message asks again, and reader03's uses that answer or a newer one.
		this.database.execute("UPDATE subscriber SET status = 'unsubscribed' WHERE email_key IN "
				+ "('reader02@example.com', 'reader03@example.com')");
		Thread.sleep(300);
		first.release();
		CliRun sent = send.get(2, TimeUnit.MINUTES);

		assertThat(sent.exitCode()).as(sent.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).containsOnlyKeys("reader01@example.com", "reader04@example.com");
	}

	@Test
	void aMessageThatKeepsLosingTheConnectionIsDeferredAndTheOthersAreSent() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 5);
		this.server.dropConnectionFor("reader03@example.com");

		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.DEFERRED);
		assertThat(this.server.perRecipient()).hasSize(4).doesNotContainKey("reader03@example.com");
	}

	@Test
	void rerunFailedOnlyAfterAPartialSendDoesNotCallTheWeekSent() {
		List<String> settings = settings(this.server.port());
		Fixtures.importWeek(settings, this.files, 6);
		this.server.replyTo(3, "554 5.7.1 Transaction failed");
		assertThat(CliRun.run(settings, "send", "--week", WEEK).exitCode()).isEqualTo(ExitCode.REFUSED);

		CliRun failedOnly = CliRun.run(settings, "rerun", "--week", WEEK, "--failed-only");

		assertThat(failedOnly.exitCode()).as(failedOnly.toString()).isEqualTo(ExitCode.FAILED);
		assertThat(failedOnly.out()).contains("3 active subscriber(s) do not have this issue yet");
		assertThat(this.server.perRecipient()).hasSize(3);
		CliRun rerun = CliRun.run(settings, "rerun", "--week", WEEK);
		assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(ExitCode.OK);
		assertThat(this.server.perRecipient()).hasSize(6).allSatisfy((email, count) -> assertThat(count).isOne());
	}

	@Test
	void aServerDownForTheWholeRunFailsTheSendSoonWithNothingDelivered() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		List<String> settings = settings(closedPort);
		Fixtures.importWeek(settings, this.files, 4);

		Instant started = Instant.now();
		CliRun send = CliRun.run(settings, "send", "--week", WEEK);

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.FAILED);
		assertThat(send.out()).contains("unreachable since", "digest.retry.give-up-after=PT3S");
		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
		assertThat(this.database.queryString("SELECT COUNT(*) FROM delivery WHERE state = 'delivered'")).isEqualTo("0");
	}

}
