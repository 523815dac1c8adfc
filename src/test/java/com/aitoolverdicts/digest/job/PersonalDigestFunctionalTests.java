package com.aitoolverdicts.digest.job;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.cli.ExitCode;
import com.aitoolverdicts.digest.support.CliRun;
import com.aitoolverdicts.digest.support.Fixtures;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Digests per reader, through the command line: each reader gets the pairs of the categories they
 * follow, readers with nothing new are skipped with the reason recorded, a pair is not featured
 * again within the cooldown, and a new tool alone in its category gets an established partner.
 * Subclasses choose the database.
 */
abstract class PersonalDigestFunctionalTests extends MailFunctionalTests {

	List<String> settings() {
		return settings(greenMail.getSmtp().getPort(), 50);
	}

	@Test
	void eachReaderGetsTheBestPairsOfTheirCategoriesAndNobodyGetsAnEmptyDigest() throws Exception {
		List<String> settings = settings();
		import_(settings, "tools", Fixtures.copy("demo/tools.json", this.files));
		import_(settings, "subscribers", Fixtures.write(this.files, "subscribers.csv", """
				email,name,categories,status
				all@example.com,All,,active
				design@example.com,Des,design,active
				writing@example.com,Wri,Writing;Security,active
				productivity@example.com,Pro,Productivity,active
				security@example.com,Sec,Security,active
				"""));

		CliRun send = CliRun.run(settings, "send", "--week", "2026-W46");

		assertThat(send.exitCode()).as(send.toString()).isEqualTo(ExitCode.OK);
		assertThat(send.out()).containsPattern("delivered\\s+4").containsPattern("nothing new\\s+1");
		Map<String, MimeMessage> received = byRecipient(greenMail.getReceivedMessages());
		assertThat(received).containsOnlyKeys("all@example.com", "design@example.com", "writing@example.com",
				"productivity@example.com");
		// Every category: the three best pairs of the issue, best first, the rest under "also new".
		String all = text(received.get("all@example.com"));
		assertThat(all).containsSubsequence("== 1. Figma Layout Assist vs Vectorly (Design) ==",
				"== 2. Chartsmith vs Querywise (Data & Analytics) ==",
				"== 3. Code Llama 4 vs Stackwise Agent (Developer Tools) ==", "ALSO NEW THIS WEEK", "Notion AI Drafts")
			.doesNotContain("== 4.");
		assertThat(received.get("all@example.com").getSubject())
			.isEqualTo("Figma Layout Assist vs Vectorly and 2 more comparisons (2026-W46)");
		// One category, named in another case: its pair and its lone new tool, nothing else.
		String design = text(received.get("design@example.com"));
		assertThat(design).contains("== 1. Figma Layout Assist vs Vectorly (Design) ==", "Why this pair: Split panel",
				"Lumière Studio", "in the categories you follow")
			.doesNotContain("Chartsmith", "Code Llama 4", "== 2.");
		assertThat(text(received.get("writing@example.com"))).contains("== 1. Notion AI Drafts vs Quillstone (Writing) ==")
			.doesNotContain("Figma", "ALSO NEW THIS WEEK");
		// New tools but no pair: a digest of what is new, not a skip.
		assertThat(text(received.get("productivity@example.com"))).contains("ALSO NEW THIS WEEK", "Inboxly")
			.doesNotContain("== 1.");
		assertThat(this.database.queryString("SELECT d.state || ': ' || d.reply FROM delivery d JOIN subscriber s "
				+ "ON s.id = d.subscriber_id WHERE s.email = 'security@example.com'"))
			.isEqualTo("skipped: nothing new in your categories");
		CliRun status = CliRun.run(settings, "status", "--week", "2026-W46");
		assertThat(status.out()).contains("delivered 4, deferred 0, bounced 0, failed 0, pending 0 (5 active subscribers)")
			.contains("skipped        1: nothing new in their categories")
			.contains("Split panel: three of the four personas ship one and skip the other");
		CliRun again = CliRun.run(settings, "send", "--week", "2026-W46");
		assertThat(again.out()).contains("was already sent");
		assertThat(greenMail.getReceivedMessages()).hasSize(4);
		CliRun resend = CliRun.run(settings, "send", "--week", "2026-W46", "--to", "security@example.com");
		assertThat(resend.exitCode()).isEqualTo(ExitCode.OK);
		assertThat(resend.out()).contains("nothing new in their categories in 2026-W46. Nothing was sent.");
		assertThat(greenMail.getReceivedMessages()).hasSize(4);
	}

	@Test
	void aPairIsNotFeaturedAgainWithinTheCooldownAndALoneNewToolGetsARecentPartner() throws Exception {
		List<String> settings = settings();
		import_(settings, "subscribers", Fixtures.write(this.files, "subscribers.csv", "email\nreader@example.com\n"));
		import_(settings, "tools", tools("2026-11-03T10:00:00Z", "2026-11-04T10:00:00Z"));
		assertThat(CliRun.run(settings, "send", "--week", "2026-W45").exitCode()).isEqualTo(ExitCode.OK);
		assertThat(CliRun.run(settings, "status", "--week", "2026-W45").out()).contains("1. Alpha vs Beta (Security");

		// Both re-reviewed the next week: the only candidate pair is on cooldown.
		import_(settings, "tools", tools("2026-11-10T10:00:00Z", "2026-11-11T10:00:00Z"));
		assertThat(CliRun.run(settings, "send", "--week", "2026-W46").exitCode()).isEqualTo(ExitCode.OK);
		CliRun cooled = CliRun.run(settings, "status", "--week", "2026-W46");
		assertThat(cooled.out()).contains("pairs          0", "also new: Alpha (Security)", "also new: Beta (Security)");

		// A new tool alone in its category is paired with the established tool it contrasts with most.
		import_(settings, "tools", Fixtures.write(this.files, "gamma.json", """
				{"tools": [%s]}
				""".formatted(tool("gamma", "Gamma", "2026-11-17T10:00:00Z", 30, "skip"))));
		CliRun partnered = CliRun.run(settings, "send", "--week", "2026-W47");
		assertThat(partnered.exitCode()).as(partnered.toString()).isEqualTo(ExitCode.OK);
		assertThat(CliRun.run(settings, "status", "--week", "2026-W47").out()).contains("1. Alpha vs Gamma (Security")
			.contains("Split panel: the Builder ships one and skips the other; Alpha was reviewed the week before");
		assertThat(text(greenMail.getReceivedMessages()[2]).replaceAll("\\s+", " "))
			.contains("Why this pair: Split panel: the Builder ships one and skips the other; Alpha was reviewed the week before");
	}

	private Path tools(String alphaPublished, String betaPublished) {
		return Fixtures.write(this.files, "tools.json", """
				{"tools": [%s, %s]}
				""".formatted(tool("alpha", "Alpha", alphaPublished, 80, "ship"),
				tool("beta", "Beta", betaPublished, 40, "skip")));
	}

	private static String tool(String slug, String name, String published, int score, String verdict) {
		return """
				{"slug": "%s", "name": "%s", "category": "Security", "publishedAt": "%s",
				 "reviews": [{"persona": "Builder", "score": %d, "verdict": "%s"}]}
				""".formatted(slug, name, published, score, verdict);
	}

	private static void import_(List<String> settings, String what, Path file) {
		CliRun run = CliRun.run(settings, "import", what, file.toString());
		assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
	}

	private static Map<String, MimeMessage> byRecipient(MimeMessage[] messages) {
		return Arrays.stream(messages).collect(Collectors.toMap((message) -> {
			try {
				return message.getRecipients(Message.RecipientType.TO)[0].toString().replaceAll(".*<|>.*", "");
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}, (message) -> message));
	}

	static String text(MimeMessage message) throws Exception {
		return (String) ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
	}

}
