package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.List;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.JarProcess;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Crashes, signals and concurrent sends on H2, as the quick start runs it. */
class H2CrashAndConcurrencyIT extends JarCrashAndConcurrency {

	@Override
	String databaseUrl(boolean shared) {
		// AUTO_SERVER: H2's mixed mode, which lets a second process open the same file.
		return "jdbc:h2:file:" + this.files.resolve("db").toAbsolutePath() + (shared ? ";AUTO_SERVER=TRUE" : "");
	}

	@Test
	void aSecondProcessOnTheQuickStartDatabaseIsToldItIsBusy() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			List<String> settings = settings(server);
			Fixtures.importWeek(settings, this.files, 5);
			ScriptedSmtpServer.HeldReply first = server.holdReplyTo(1);

			JarProcess send = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			assertThat(first.awaitArrival(Duration.ofMinutes(1))).as(send.output()).isTrue();
			JarProcess other = JarProcess.start(this.files, settings, "send", "--week", WEEK);
			int otherExit = other.waitFor();
			first.release();

			assertThat(otherExit).as(other.output()).isEqualTo(ExitCode.BUSY);
			assertThat(other.output()).contains("open in another process");
			assertThat(send.waitFor()).as(send.output()).isEqualTo(ExitCode.OK);
			assertThat(server.perRecipient()).hasSize(5).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

}
