package com.aitoolverdicts.digest.job;

import java.nio.file.Path;
import java.util.List;

import com.aitoolverdicts.digest.support.TestDatabase;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests that send into GreenMail share: a fresh database per test (subclasses
 * choose which), an empty mailbox, a folder for input files, and the settings that point the CLI
 * at both.
 */
abstract class MailFunctionalTests {

	/** The fixture week stays sendable whenever the tests run. */
	static final String FIXTURE_AGE = "36500d";

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
		.withPerMethodLifecycle(false);

	@TempDir
	Path files;

	TestDatabase database;

	abstract TestDatabase newDatabase();

	@BeforeEach
	void createDatabase() throws Exception {
		this.database = newDatabase();
		greenMail.purgeEmailFromAllMailboxes();
	}

	@AfterEach
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	List<String> settings(int smtpPort, int chunkSize) {
		return List.of("--spring.datasource.url=" + this.database.url(), "--digest.mail.transport=smtp",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort, "--digest.chunk-size=" + chunkSize,
				"--digest.max-issue-age=" + FIXTURE_AGE);
	}

	/**
	 * {@code settings} with one SMTP connection: messages go one after the other in id order, so
	 * that "the nth message" is a known subscriber. For tests of what happens between two messages.
	 */
	static List<String> oneConnection(List<String> settings) {
		List<String> one = new java.util.ArrayList<>(settings);
		one.add("--digest.smtp.connections=1");
		return one;
	}

}
