package com.aitoolverdicts.digest.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.JarProcess;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import com.aitoolverdicts.digest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar in child processes on PostgreSQL, as production runs it: SIGKILL mid-send then a
 * resume, and two sends of one week at once (the lease, not a file lock, keeps one out).
 */
class PostgresCrashAndConcurrencyIT {

	static final String WEEK = "2026-W46";

	@TempDir
	Path files;

	TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.postgres();
	}

	@AfterEach
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	List<String> settings(ScriptedSmtpServer server) {
		return List.of("--spring.datasource.url=" + this.database.url(), "--digest.mail.transport=smtp",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + server.port(), "--digest.chunk-size=5",
				"--digest.max-issue-age=" + SendFunctionalTests.FIXTURE_AGE);
	}

	void importWeek(List<String> settings, int subscribers) {
		assertThat(CliRun.run(settings, "import", "tools", Fixtures.copy("demo/tools.json", this.files).toString())
			.exitCode()).isZero();
		assertThat(CliRun.run(settings, "import", "subscribers", Fixtures.subscribers(this.files, subscribers).toString())
			.exitCode()).isZero();
	}

	@Test
	void aSendKilledMidwayIsResumedAndEverySubscriberGetsExactlyOneMessage() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server);
			importWeek(settings, 20);
			ScriptedSmtpServer.HeldReply ninth = server.holdReplyTo(9);

			JarProcess send = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(ninth.awaitArrival(Duration.ofMinutes(1))).as(send.output()).isTrue();
			send.kill();
			JarProcess rerun = JarProcess.start(this.files, settings, "rerun", "--week", WEEK);

			assertThat(rerun.waitFor()).as(rerun.output()).isEqualTo(ExitCode.OK);
			assertThat(rerun.output()).contains("Resumed run #1 of 2026-W46");
			assertThat(perRecipient(server)).hasSize(20).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void twoSendsOfTheSameWeekAtOnceOnlyOneSends() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server);
			importWeek(settings, 10);
			ScriptedSmtpServer.HeldReply second = server.holdReplyTo(2);

			JarProcess first = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(second.awaitArrival(Duration.ofMinutes(1))).as(first.output()).isTrue();
			JarProcess other = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			int otherExit = other.waitFor();
			second.release();

			assertThat(otherExit).as(other.output()).isEqualTo(ExitCode.BUSY);
			assertThat(other.output()).contains("Another send of 2026-W46 is running");
			assertThat(first.waitFor()).as(first.output()).isEqualTo(ExitCode.OK);
			assertThat(perRecipient(server)).hasSize(10).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	private static Map<String, Long> perRecipient(ScriptedSmtpServer server) {
		return server.accepted()
			.stream()
			.flatMap((accepted) -> accepted.recipients().stream())
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
