package com.aitoolverdicts.digest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.aitoolverdicts.digest.demo.DemoData;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import com.aitoolverdicts.digest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator meets it: help, exit codes, messages, and nothing half-done. */
class CliTests {

	@TempDir
	Path files;

	TestDatabase database;

	List<String> settings;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.h2();
		this.settings = List.of("--spring.datasource.url=" + this.database.url(),
				"--digest.outbox-dir=" + this.files.resolve("outbox"), "--digest.max-issue-age=36500d");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void helpListsTheCommandsAndExitCodes() {
		CliRun help = CliRun.run(List.of(), "--help");
		CliRun sendHelp = CliRun.run(List.of(), "send", "--help");

		assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(help.out()).contains("send", "status", "preview", "import", "Exit codes:",
				"4  another send of the same week is running");
		assertThat(sendHelp.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(sendHelp.out()).contains("--week=WEEK", "never sent again");
	}

	@Test
	void badUsageExitsTwoWithAMessageAndNoStackTrace() {
		CliRun noCommand = CliRun.run(List.of());
		CliRun badWeek = CliRun.run(this.settings, "send", "--week", "47");
		CliRun unknownOption = CliRun.run(this.settings, "send", "--wek", "2026-W46");
		CliRun missingFile = CliRun.run(this.settings, "import", "tools");

		assertThat(noCommand.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(noCommand.err()).contains("say which command to run");
		assertThat(badWeek.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(badWeek.err()).contains("must look like 2026-W47 but was '47'");
		assertThat(unknownOption.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(unknownOption.err()).contains("Unknown option", "'--wek'");
		assertThat(missingFile.exitCode()).isEqualTo(ExitCode.USAGE);
		for (CliRun run : List.of(noCommand, badWeek, unknownOption, missingFile)) {
			assertThat(run.screen()).doesNotContain("\tat ", "Exception");
		}
	}

	@Test
	void anInvalidFileImportsNothingAndChangesNothing() throws SQLException {
		Path seed = Fixtures.copy("fixtures/seed-tools.json", this.files);
		assertThat(CliRun.run(this.settings, "import", "tools", seed.toString()).exitCode()).isZero();
		Path broken = Fixtures.write(this.files, "broken.json", """
				{"tools": [
				  {"slug": "code-llama-4", "name": "Renamed", "category": "Developer Tools",
				   "publishedAt": "2026-11-11T14:30:00Z", "reviews": [{"persona": "Builder", "score": 90, "verdict": "ship"}]},
				  {"slug": "Bad Slug", "name": "X", "category": "Design", "publishedAt": "yesterday", "reviews": []}
				]}
				""");

		CliRun run = CliRun.run(this.settings, "import", "tools", broken.toString());

		assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(run.err()).contains("broken.json was not imported: 3 problem(s). Nothing was changed.",
				"tools[1] (Bad Slug), slug 'Bad Slug': must be lower-case letters",
				"tools[1] (Bad Slug), publishedAt 'yesterday': must be an ISO-8601 instant",
				"tools[1] (Bad Slug), reviews '[]': must be an array of 1 to 4 reviews");
		assertThat(query("SELECT name FROM tool WHERE slug = 'code-llama-4'")).containsExactly("Code Llama 4");
		assertThat(query("SELECT COUNT(*) FROM review")).containsExactly("12");
	}

	@Test
	void reimportIsIdempotentAndNeverReactivatesAnUnsubscriber() throws SQLException {
		Path first = Fixtures.write(this.files, "first.csv", "email,name,status\nAda@Example.com,Ada,unsubscribed\n");
		Path second = Fixtures.write(this.files, "second.csv", "email,name,status\nada@example.com,Ada L.,active\n");

		CliRun imported = CliRun.run(this.settings, "import", "subscribers", first.toString());
		CliRun again = CliRun.run(this.settings, "import", "subscribers", second.toString());

		assertThat(imported.out()).contains("1 new, 0 updated");
		assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(again.out()).contains("0 new, 1 updated", "stay unsubscribed (--reactivate to override)");
		assertThat(queryDatabase("SELECT status || ' ' || name FROM subscriber")).containsExactly("unsubscribed Ada L.");

		CliRun reactivated = CliRun.run(this.settings, "import", "subscribers", second.toString(), "--reactivate");

		assertThat(reactivated.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(queryDatabase("SELECT status FROM subscriber")).containsExactly("active");
	}

	@Test
	void whatAFileLeavesOutStaysAsItWasAndABouncedAddressStaysBounced() throws SQLException {
		Path full = Fixtures.write(this.files, "full.csv",
				"email,name,categories,status\nbob@example.org,Bob,Design;Writing,bounced\n");
		Path emailsOnly = Fixtures.write(this.files, "emails.csv", "email\nbob@example.org\nnew@example.org\n");

		CliRun first = CliRun.run(this.settings, "import", "subscribers", full.toString());
		CliRun again = CliRun.run(this.settings, "import", "subscribers", full.toString());
		CliRun partial = CliRun.run(this.settings, "import", "subscribers", emailsOnly.toString());

		assertThat(first.exitCode()).isZero();
		assertThat(again.out()).contains("0 new, 1 updated");
		assertThat(partial.exitCode()).as(partial.toString()).isZero();
		assertThat(queryDatabase("""
				SELECT s.email || ' ' || COALESCE(s.name, '-') || ' ' || s.status || ' ' || COUNT(c.category)
				FROM subscriber s LEFT JOIN subscriber_category c ON c.subscriber_id = s.id
				GROUP BY s.email, s.name, s.status ORDER BY s.email
				""")).containsExactly("bob@example.org Bob bounced 2", "new@example.org - active 0");
	}

	@Test
	void reimportingToolsUpdatesThemInPlace() throws SQLException {
		Path seed = Fixtures.copy("fixtures/seed-tools.json", this.files);
		Path renamed = Fixtures.write(this.files, "renamed.json", """
				{"tools": [{"slug": "code-llama-4", "name": "Code Llama 4.1", "category": "Developer Tools",
				  "publishedAt": "2026-11-11T14:30:00Z", "communityVotes": {"ship": 9, "skip": 1},
				  "reviews": [{"persona": "Skeptic", "score": 40, "verdict": "skip"}]}]}
				""");

		CliRun.run(this.settings, "import", "tools", seed.toString());
		CliRun.run(this.settings, "import", "tools", seed.toString());
		CliRun update = CliRun.run(this.settings, "import", "tools", renamed.toString());

		assertThat(update.exitCode()).isZero();
		assertThat(queryDatabase("SELECT COUNT(*) FROM tool")).containsExactly("3");
		assertThat(queryDatabase("""
				SELECT t.name || ' ' || v.ship_count || ' ' || (SELECT COUNT(*) FROM review r WHERE r.tool_id = t.id)
				FROM tool t JOIN community_votes v ON v.tool_id = t.id WHERE t.slug = 'code-llama-4'
				""")).containsExactly("Code Llama 4.1 9 1");
	}

	@Test
	void cannotStartExitsThreeNamingTheProblem() {
		CliRun unreachable = CliRun.run(List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere"),
				"status", "--week", "2026-W46");
		CliRun badZone = CliRun.run(List.of("--spring.datasource.url=" + this.database.url(), "--digest.zone=Mars/Base"),
				"status");
		CliRun badWindow = CliRun.run(List.of("--spring.datasource.url=" + this.database.url(),
				"--digest.smtp.unrecorded-per-connection=9"), "status");

		CliRun directory = CliRun.run(this.settings, "import", "tools", this.files.toString());

		assertThat(unreachable.exitCode()).isEqualTo(ExitCode.CONFIG);
		assertThat(unreachable.err()).contains("cannot start", "127.0.0.1:1");
		assertThat(badZone.exitCode()).isEqualTo(ExitCode.CONFIG);
		assertThat(badZone.err()).contains("invalid setting digest.zone", "Mars/Base");
		// A setter's refusal fails its whole group (digest.smtp); the message still names the setting.
		assertThat(badWindow.exitCode()).isEqualTo(ExitCode.CONFIG);
		assertThat(badWindow.err()).contains("invalid setting digest.smtp.unrecorded-per-connection: must be between 1 and 8 but was 9");
		for (CliRun run : List.of(unreachable, badZone, badWindow)) {
			assertThat(run.screen()).as(run.toString()).doesNotContain("\tat ", "Exception", "WARN");
			assertThat(run.screen().lines()).as(run.toString()).hasSize(1);
		}
		assertThat(directory.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(directory.err()).contains("cannot be read");
	}

	@Test
	void brokenTemplatesStopTheSendBeforeAnythingIsComposedOrSent() throws SQLException {
		CliRun.run(this.settings, "import", "tools", Fixtures.copy("fixtures/seed-tools.json", this.files).toString());
		CliRun.run(this.settings, "import", "subscribers", Fixtures.subscribers(this.files, 2).toString());
		List<String> withoutTemplates = new ArrayList<>(this.settings);
		withoutTemplates.add("--digest.templates-dir=" + this.files.resolve("no-templates"));

		CliRun send = CliRun.run(withoutTemplates, "send", "--week", "2026-W46");

		assertThat(send.exitCode()).isEqualTo(ExitCode.CONFIG);
		assertThat(send.err()).contains("no-templates", "does not exist");
		assertThat(queryDatabase("SELECT COUNT(*) FROM digest_issue")).containsExactly("0");
		assertThat(this.files.resolve("outbox")).doesNotExist();
	}

	@Test
	void anUndefinedTemplateVariableOrAnSmtpTransportWithoutHostStopsTheSendBeforeItStarts()
			throws IOException, SQLException {
		CliRun.run(this.settings, "import", "tools", Fixtures.copy("fixtures/seed-tools.json", this.files).toString());
		CliRun.run(this.settings, "import", "subscribers", Fixtures.subscribers(this.files, 2).toString());
		Path templates = this.files.resolve("templates");
		Files.createDirectories(templates);
		Files.writeString(templates.resolve("digest.html"), "<p>{{greeting}} {{subscriberNmae}}</p>");
		Files.writeString(templates.resolve("digest.txt"), "{{greeting}}");
		Files.writeString(templates.resolve("subject.txt"), "{{headline}}");
		List<String> typo = new ArrayList<>(this.settings);
		typo.add("--digest.templates-dir=" + templates);
		List<String> noHost = new ArrayList<>(this.settings);
		noHost.add("--digest.mail.transport=smtp");

		CliRun withTypo = CliRun.run(typo, "send", "--week", "2026-W46");
		CliRun withoutHost = CliRun.run(noHost, "send", "--week", "2026-W46");

		assertThat(withTypo.exitCode()).as(withTypo.toString()).isEqualTo(ExitCode.CONFIG);
		assertThat(withTypo.err()).contains("{{subscriberNmae}}");
		assertThat(withoutHost.exitCode()).as(withoutHost.toString()).isEqualTo(ExitCode.CONFIG);
		assertThat(withoutHost.err()).contains("spring.mail.host");
		assertThat(queryDatabase("SELECT COUNT(*) FROM digest_issue")).containsExactly("0");
		assertThat(queryDatabase("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).containsExactly("0");
	}

	@Test
	void previewWritesTheDigestAndRecordsNothing() throws IOException, SQLException {
		CliRun.run(this.settings, "import", "tools", Fixtures.copy("fixtures/seed-tools.json", this.files).toString());
		CliRun.run(this.settings, "import", "subscribers", Fixtures.subscribers(this.files, 2).toString());
		Path out = this.files.resolve("preview");

		CliRun preview = CliRun.run(this.settings, "preview", "--week", "2026-W46", "--email", "READER01@example.com",
				"--out", out.toString());
		CliRun unknown = CliRun.run(this.settings, "preview", "--week", "2026-W46", "--email", "nobody@example.com");

		assertThat(preview.exitCode()).as(preview.toString()).isEqualTo(ExitCode.OK);
		assertThat(Files.readString(out.resolve("2026-W46-reader01@example.com.html")))
			.contains("Gemini 2.5 Flash Lite vs Mistral 3 Small");
		assertThat(Files.readString(out.resolve("2026-W46-reader01@example.com.txt"))).contains("Hi Reader 1,");
		assertThat(Files.readString(out.resolve("2026-W46-reader01@example.com.eml")))
			.contains("Content-Type: multipart/alternative");
		assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(unknown.err()).contains("No subscriber has the address 'nobody@example.com'");
		assertThat(queryDatabase("SELECT COUNT(*) FROM digest_issue")).containsExactly("0");
		assertThat(queryDatabase("SELECT COUNT(*) FROM delivery")).containsExactly("0");
	}

	@Test
	void anOldWeekIsNotSentWithoutForce() {
		List<String> defaultAge = List.of("--spring.datasource.url=" + this.database.url(),
				"--digest.outbox-dir=" + this.files.resolve("outbox"));

		CliRun old = CliRun.run(defaultAge, "send", "--week", "2025-W01");
		CliRun forced = CliRun.run(defaultAge, "send", "--week", "2025-W01", "--force");

		assertThat(old.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(old.err()).contains("2025-W01 ended on 2025-01-06", "digest.max-issue-age=PT168H", "--force");
		assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCode.OK);
		assertThat(forced.out()).contains("No tools were published in 2025-W01");
	}

	@Test
	void anExplicitlyConfiguredDatabaseNeverGetsTheDemoData() throws IOException {
		CliRun send = CliRun.run(this.settings, "send", "--week", "2026-W46");

		assertThat(send.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(send.out()).doesNotContain("demo").contains("No tools were published in 2026-W46");
		Properties defaults = new Properties();
		try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
			defaults.load(in);
		}
		assertThat(defaults.getProperty("spring.datasource.url")).isEqualTo(DemoData.QUICK_START_URL);
	}

	private List<String> queryDatabase(String sql) throws SQLException {
		return query(sql);
	}

	private List<String> query(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.url());
				ResultSet rs = connection.createStatement().executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rs.next()) {
				values.add(rs.getString(1));
			}
			return values;
		}
	}

}
