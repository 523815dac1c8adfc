package com.aitoolverdicts.digest.job;

import java.nio.file.Path;
import java.time.Instant;

import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.imports.SubscribersFile;
import com.aitoolverdicts.digest.imports.ToolsFile;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress listener is wired to the send step's writes, not only to its start and end. */
@SpringBootTest
class SendProgressTests {

	@TempDir
	static Path files;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + files.resolve("db").toAbsolutePath());
		registry.add("digest.outbox-dir", () -> files.resolve("outbox").toString());
		registry.add("digest.chunk-size", () -> "4");
	}

	@Autowired
	SendService sendService;

	@Autowired
	SendProgress progress;

	@Autowired
	CatalogRepository catalog;

	@Autowired
	SubscriberRepository subscribers;

	@Test
	void progressCountsEverySubscriberTheStepWrites() {
		this.catalog.upsertAll(ToolsFile.read(Path.of("src/test/resources/fixtures/seed-tools.json")), Instant.now());
		this.subscribers.upsertAll(SubscribersFile.read(Fixtures.subscribers(files, 10)), false, Instant.now());

		SendOutcome outcome = this.sendService.send(IsoWeek.parse("2026-W46"));

		// Readers 4 and 8 follow only Design and Writing, where the seed week has nothing new.
		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Ran.class, (ran) -> {
			assertThat(ran.deliveredNow()).isEqualTo(8);
			assertThat(ran.recorded()).containsEntry("skipped", 2);
		});
		assertThat(this.progress.done()).isEqualTo(10);
	}

}
