package com.aitoolverdicts.digest.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.JarProcess;
import com.aitoolverdicts.digest.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash trial, for operators who want proof rather than a promise: N times, send the week to
 * 60 subscribers through the jar, kill it with SIGKILL at a random moment (during start-up,
 * composition or the send), resume it, and count what the recording SMTP server received. Prints
 * "N trials, L lost, D duplicates". Off by default (minutes of work); run it with
 * {@code mvn -B verify -Dit.test=CrashTrialIT -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Ddigest.crash-trials=20}
 * (add {@code -Ddigest.crash-unrecorded=1} to try digest.smtp.unrecorded-per-connection=1 instead of
 * the default).
 */
class CrashTrialIT {

	static final int SUBSCRIBERS = 60;

	/** digest.smtp.connections, the default. */
	static final int CONNECTIONS = 4;

	@TempDir
	Path files;

	@Test
	void killAtRandomMomentsAndResume() throws Exception {
		int trials = Integer.getInteger("digest.crash-trials", 0);
		Assumptions.assumeTrue(trials > 0, "the crash trial runs only with -Ddigest.crash-trials=N");
		long seed = Long.getLong("digest.crash-seed", System.nanoTime());
		Random random = new Random(seed);
		int unrecorded = Integer.getInteger("digest.crash-unrecorded",
				new DigestProperties().getSmtp().getUnrecordedPerConnection());
		int lost = 0;
		int duplicates = 0;
		for (int trial = 1; trial <= trials; trial++) {
			int[] outcome = trial(trial, random, unrecorded);
			lost += outcome[0];
			duplicates += outcome[1];
		}
		String result = trials + " trials with digest.smtp.unrecorded-per-connection=" + unrecorded + ", " + lost
				+ " lost, " + duplicates + " duplicates (each with the Message-ID of the first copy)";
		System.out.println("CRASH TRIAL (seed " + seed + "): " + result);
		// Each trial checked its duplicates against the design's bound.
		assertThat(lost).as(result).isZero();
	}

	private int[] trial(int trial, Random random, int unrecorded) throws Exception {
		Path dir = Files.createDirectories(this.files.resolve("trial-" + trial));
		try (ScriptedSmtpServer server = new ScriptedSmtpServer().delayEachReply(Duration.ofMillis(5))) {
			List<String> settings = List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
					"--digest.mail.transport=smtp", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + server.port(),
					"--digest.chunk-size=" + (5 + random.nextInt(20)), "--digest.max-issue-age=36500d",
					"--digest.smtp.connections=" + CONNECTIONS, "--digest.smtp.unrecorded-per-connection=" + unrecorded);
			Fixtures.importWeek(settings, dir, SUBSCRIBERS);

			JarProcess send = JarProcess.start(dir, settings, "send", "--week", "2026-W46");
			int killAfter = random.nextInt(SUBSCRIBERS);
			String moment;
			if (killAfter == 0) {
				long millis = random.nextInt(9000);
				Thread.sleep(millis);
				moment = millis + " ms after start";
			}
			else {
				long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
				while (server.accepted().size() < killAfter && System.nanoTime() < deadline) {
					Thread.sleep(1);
				}
				Thread.sleep(random.nextInt(15));
				moment = "after " + server.accepted().size() + " accepted";
			}
			send.kill();
			int resumes = 0;
			int exit;
			do {
				exit = JarProcess.start(dir, settings, "send", "--week", "2026-W46").waitFor();
				resumes++;
			}
			while (exit != ExitCode.OK && resumes < 3);
			Map<String, Long> received = server.perRecipient();
			int lost = SUBSCRIBERS - received.size();
			int duplicates = (int) received.values().stream().mapToLong((count) -> count - 1).sum();
			Map<String, Long> messageIdsPerRecipient = server.accepted()
				.stream()
				.collect(Collectors.groupingBy((accepted) -> accepted.recipients().get(0),
						Collectors.mapping(CrashTrialIT::messageId, Collectors.collectingAndThen(Collectors.toSet(),
								(ids) -> (long) ids.size()))));
			assertThat(messageIdsPerRecipient).as("a duplicate carries the Message-ID of the first copy")
				.allSatisfy((email, ids) -> assertThat(ids).isOne());
			System.out.printf("trial %d: killed %s; resumed (exit %d); %d lost, %d duplicates%n", trial, moment, exit,
					lost, duplicates);
			assertThat(duplicates).as("trial %d: digest.smtp.unrecorded-per-connection=%d accepted but unrecorded "
					+ "messages per connection at most, %d in all", trial, unrecorded, CONNECTIONS * unrecorded)
				.isLessThanOrEqualTo(CONNECTIONS * unrecorded);
			return new int[] { lost, duplicates };
		}
	}

	private static String messageId(ScriptedSmtpServer.Accepted accepted) {
		return accepted.data().lines().filter((line) -> line.regionMatches(true, 0, "Message-ID:", 0, 11)).findFirst()
			.orElse("none");
	}

}
