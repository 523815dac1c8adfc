package com.aitoolverdicts.digest.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.JarProcess;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as cron runs it, in child processes: killed with SIGKILL in the middle of a send and run
 * again, stopped with SIGTERM, and started twice for the same week at once. Runs after
 * {@code package} (failsafe); subclasses choose the database.
 */
abstract class JarCrashAndConcurrency {

	static final String WEEK = "2026-W46";

	@TempDir
	Path files;

	/** The database's URL; {@code shared}: one that a second process can open at the same time. */
	abstract String databaseUrl(boolean shared);

	List<String> settings(ScriptedSmtpServer server) {
		return settings(server, false);
	}

	List<String> settings(ScriptedSmtpServer server, boolean shared) {
		return List.of("--spring.datasource.url=" + databaseUrl(shared), "--digest.mail.transport=smtp",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + server.port(), "--digest.chunk-size=4",
				"--digest.smtp.connections=4", "--digest.max-issue-age=" + SendFunctionalTests.FIXTURE_AGE);
	}

	@Test
	void aSendKilledMidwayIsResumedAndEverySubscriberGetsExactlyOneMessage() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server);
			Fixtures.importWeek(settings, this.files, 20);
			// The fourth chunk goes out on all four connections at once: hold all four, then kill.
			List<ScriptedSmtpServer.HeldReply> fourthChunk = List.of(server.holdReplyTo(13), server.holdReplyTo(14),
					server.holdReplyTo(15), server.holdReplyTo(16));

			JarProcess send = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			for (ScriptedSmtpServer.HeldReply held : fourthChunk) {
				assertThat(held.awaitArrival(Duration.ofMinutes(1))).as(send.output()).isTrue();
			}
			send.kill();

			assertThat(server.accepted()).hasSize(12);
			JarProcess resume = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(resume.waitFor()).as(resume.output()).isEqualTo(ExitCode.OK);
			assertThat(resume.output()).contains("Resumed run #1 of 2026-W46", "Sent 2026-W46.");
			assertThat(server.perRecipient()).hasSize(20).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void sigtermFinishesTheMessageInFlightStopsAndRerunResumes() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server);
			Fixtures.importWeek(settings, this.files, 20);
			ScriptedSmtpServer.HeldReply eighth = server.holdReplyTo(8);

			JarProcess send = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(eighth.awaitArrival(Duration.ofMinutes(1))).as(send.output()).isTrue();
			send.terminate();
			Thread.sleep(2000);
			eighth.release();

			// The second chunk's other three went out on the other connections; no ninth was started.
			assertThat(send.waitFor()).as(send.output()).isEqualTo(128 + 15);
			assertThat(send.output()).contains("The send of 2026-W46 STOPPED", "rerun --week 2026-W46");
			assertThat(server.accepted()).hasSize(8);
			CliRun status = CliRun.run(settings, "status", "--week", WEEK);
			assertThat(status.out()).contains("delivered 8, deferred 0, bounced 0, failed 0").containsPattern("run #1 +STOPPED");

			CliRun rerun = CliRun.run(settings, "rerun", "--week", WEEK);

			assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(20).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void twoSendsOfTheSameWeekAtOnceOnlyOneSends() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server, true);
			Fixtures.importWeek(settings, this.files, 10);
			ScriptedSmtpServer.HeldReply second = server.holdReplyTo(2);

			JarProcess first = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(second.awaitArrival(Duration.ofMinutes(1))).as(first.output()).isTrue();
			JarProcess other = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			int otherExit = other.waitFor();
			second.release();

			assertThat(otherExit).as(other.output()).isEqualTo(ExitCode.BUSY);
			assertThat(other.output()).contains("Another send of 2026-W46 is running");
			assertThat(first.waitFor()).as(first.output()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(10).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

}
