package com.aitoolverdicts.digest.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.demo.DemoData;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.issue.PairScorer;
import com.aitoolverdicts.digest.issue.PairSelector;
import com.aitoolverdicts.digest.issue.PairWeights;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendering once per audience: every reader's digest, filled into their audience's shared
 * rendering, is identical to rendering the templates for that reader alone.
 */
class SharedRenderingTests {

	static final Instant WEEK_START = Instant.parse("2026-11-09T00:00:00Z");

	static final String[] NAMES = { null, "Ada", "O'Brien, Siobhán", "<b>Eve</b> & \"Mallory\"", "{{greeting}}",
			"\u05E9\u05E8\u05D4 \u05DB\u05D4\u05DF", "\u674E\u4F1F", "Zoë \u202Eevil\u202C", "Emoji \uD83D\uDE80",
			"Back\\slash $1" };

	static final String[] CATEGORIES = { "Developer Tools", "design", "Writing", "Audio & Video", "Productivity",
			"Data & Analytics", "Security" };

	@Test
	void everyReadersDigestIsIdenticalToRenderingItFromScratch() {
		Issue issue = demoIssue();
		DigestRenderer renderer = renderer(Path.of("templates"));
		Random random = new Random(46);
		int compared = 0;
		for (int i = 0; i < 400; i++) {
			Subscriber reader = reader(random, i);
			if (renderer.audience(issue, reader).isEmpty()) {
				continue;
			}
			RenderedDigest shared = renderer.render(issue, reader);
			RenderedDigest scratch = renderer.renderFromScratch(issue, reader);
			assertThat(shared.subject().getBytes(StandardCharsets.UTF_8)).as("subject of reader %d", i)
				.isEqualTo(scratch.subject().getBytes(StandardCharsets.UTF_8));
			assertThat(shared.html().getBytes(StandardCharsets.UTF_8)).as("html of reader %d", i)
				.isEqualTo(scratch.html().getBytes(StandardCharsets.UTF_8));
			assertThat(shared.text().getBytes(StandardCharsets.UTF_8)).as("text of reader %d", i)
				.isEqualTo(scratch.text().getBytes(StandardCharsets.UTF_8));
			// The parts encoded from the audience's segments decode, by Jakarta Mail, to the reader's own.
			assertThat(shared.encoded()).isNotNull();
			QuotedPrintableTests.assertEncodes(shared.htmlQuotedPrintable(), scratch.html());
			QuotedPrintableTests.assertEncodes(shared.textQuotedPrintable(), scratch.text());
			compared++;
		}
		assertThat(compared).isGreaterThan(300);
		// Far fewer renderings than readers: one per combination of followed categories that has news.
		assertThat(renderer.sharedAudiences()).isBetween(2, 60);
	}

	@Test
	void readersWithTheSameNewsShareOneRendering() {
		Issue issue = demoIssue();
		DigestRenderer renderer = renderer(Path.of("templates"));
		for (int i = 0; i < 50; i++) {
			renderer.render(issue, new Subscriber(i, "r" + i + "@example.com", "R" + i, SubscriberStatus.ACTIVE, List.of("Design", (i % 2 == 0) ? "design" : "Security")));
		}
		assertThat(renderer.sharedAudiences()).isOne();
	}

	@Test
	void aTemplateThatDoesNotEscapeAReadersPartFallsBackToRenderingFromScratch(@TempDir Path dir) throws IOException {
		copyTemplates(dir);
		Path html = dir.resolve("digest.html");
		Files.writeString(html, Files.readString(html).replace("{{greeting}}", "{{{greeting}}}"));
		Issue issue = demoIssue();
		DigestRenderer renderer = renderer(dir);
		// The first reader has nothing to escape: the shared rendering must not be trusted on them.
		Subscriber ada = new Subscriber(1, "ada@example.com", "Ada", SubscriberStatus.ACTIVE, List.of());
		Subscriber eve = new Subscriber(2, "eve@example.com", "O'Brien & <b>Eve</b>", SubscriberStatus.ACTIVE, List.of());

		assertThat(renderer.render(issue, ada)).isEqualTo(renderer.renderFromScratch(issue, ada));
		RenderedDigest digest = renderer.render(issue, eve);

		assertThat(digest).isEqualTo(renderer.renderFromScratch(issue, eve));
		assertThat(digest.html()).contains("Hi O'Brien & <b>Eve</b>,");
		assertThat(renderer.sharedAudiences()).isZero();
	}

	static Issue demoIssue() {
		List<Tool> tools = new ArrayList<>(DemoData.tools());
		PairSelector.Selection selection = PairSelector.select(tools, List.of(), java.util.Set.of(),
				new PairScorer(PairWeights.DEFAULTS, WEEK_START, 12));
		return new Issue(7, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"), null,
				WEEK_START, Instant.parse("2026-11-16T00:00:00Z"), selection.pairs(), selection.alsoNew());
	}

	static DigestRenderer renderer(Path templates) {
		DigestProperties properties = new DigestProperties();
		properties.setTemplatesDir(templates);
		properties.getUnsubscribe().setSecret("test-secret-not-for-production");
		return new DigestRenderer(properties, new UnsubscribeTokens(properties, new MockEnvironment(), null));
	}

	private static Subscriber reader(Random random, int i) {
		List<String> categories = new ArrayList<>();
		for (String category : CATEGORIES) {
			if (random.nextInt(4) == 0) {
				categories.add(category);
			}
		}
		String name = NAMES[random.nextInt(NAMES.length)];
		return new Subscriber(i, "reader" + i + "+" + (char) ('a' + random.nextInt(26)) + "@example.com", name,
				SubscriberStatus.ACTIVE, categories);
	}

	private static void copyTemplates(Path dir) throws IOException {
		Files.createDirectories(dir.resolve("partials"));
		try (var files = Files.walk(Path.of("templates"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Files.copy(file, dir.resolve(Path.of("templates").relativize(file).toString()));
			}
		}
	}

}
