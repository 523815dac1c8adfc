package com.aitoolverdicts.digest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench commands run and print their figures (what they measure is read by people, not asserted). */
class BenchCommandTests {

	@Test
	void benchSendMailsEverySyntheticSubscriberOnceAndSaysWhereTheTimeWent() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			CliRun bench = CliRun.run(List.of(), "bench", "send", "--subscribers", "30", "--smtp-port",
					Integer.toString(server.port()), "--ceiling-messages", "0", "--connections", "3");

			assertThat(bench.exitCode()).as(bench.toString()).isEqualTo(ExitCode.OK);
			assertThat(bench.out()).contains("Bench: 30 subscribers in H2", "over 3 connection(s)", "JVM options: ",
					"sent         30 messages in ", "render ", "SMTP ", "waiting at the end of data for the ledger's rows ", "then for the reader's status ",
					"lease checks ", "writing 30 delivery rows in ", "s checking statuses in ", "reading ", "heap in use at most ");
			if (Files.isReadable(Path.of("/proc/stat"))) {
				assertThat(bench.out()).contains("cores busy during the send", "PostgreSQL's processes used ");
			}
			assertThat(server.mostConnectionsAtOnce()).isLessThanOrEqualTo(3);
			assertThat(server.perRecipient()).hasSize(30).allSatisfy((email, count) -> assertThat(count).isOne());
		}
	}

	@Test
	void benchPairsTimesTheSelectionWithoutADatabase() {
		CliRun bench = CliRun.run(List.of(), "bench", "pairs", "--tools", "300", "--categories", "3", "--runs", "1");

		assertThat(bench.exitCode()).as(bench.toString()).isEqualTo(ExitCode.OK);
		assertThat(bench.out()).contains("Pair selection of 300 new tools in 3 categories", "150 pairs");
	}

}
