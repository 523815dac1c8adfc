package com.aitoolverdicts.digest.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import com.aitoolverdicts.digest.issue.Audience;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.issue.Pair;
import com.aitoolverdicts.digest.issue.PairScorer;
import com.aitoolverdicts.digest.issue.PairWeights;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The templates of {@code templates/} against golden files. After a deliberate template change,
 * run with {@code -Ddigest.golden.update=true} once, read the diff of src/test/resources/golden,
 * and commit it.
 */
class DigestTemplatesTests {

	static final Path TEMPLATES = Path.of("templates");

	static final Path GOLDEN = Path.of("src/test/resources/golden");

	static final String SITE = "https://aitoolverdicts.example.com";

	@Test
	void rendersTheDigestExactlyAsTheGoldenFiles() throws IOException {
		Templates templates = Templates.load(TEMPLATES);
		DigestView view = view(issue(tool("code-llama-4", "Code Llama 4", "Meta", 84, 78, 81, 55),
				tool("stackwise-agent", "Stackwise Agent", null, 62, 41, 58, 35)), ada());

		assertGolden("digest.html", templates.html(view));
		assertGolden("digest.txt", templates.text(view));
		assertGolden("subject.txt", templates.subject(view));
	}

	@Test
	void everyTextFromTheDataIsEscapedInHtmlAndLeftAsItIsInText() {
		Templates templates = Templates.load(TEMPLATES);
		String hostile = "<script>alert('x')</script> \"quoted\" & {{site}} \u202Eevil";
		Tool tool = new Tool(1, "hostile", hostile, hostile, "Design", hostile, hostile, hostile, hostile, hostile, null,
				Instant.parse("2026-11-10T10:00:00Z"), 0, 0,
				List.of(new Review(Persona.BUILDER, 80, Verdict.SHIP, hostile)));
		Subscriber subscriber = new Subscriber(7, "eve@example.com", hostile, SubscriberStatus.ACTIVE, List.of(hostile, "Design", "Developer Tools"));
		Tool calm = tool("calm", "Calm", "Vendor", 50, 50, 50, 50);
		Issue issue = new Issue(1, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"),
				null, WEEK_START, WEEK_END, List.of(new Pair(tool, calm, 1, hostile)), List.of());
		DigestView view = view(issue, subscriber);

		String html = templates.html(view);
		String text = templates.text(view);

		assertThat(html).doesNotContain("<script>", "\"quoted\"")
			.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; {{site}}");
		assertThat(text).contains(hostile);
	}

	@Test
	void aVariableTheDigestDoesNotDefineIsAnErrorNotABlank(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("digest.html"), "<p>{{greeting}} {{subscriberNmae}}</p>");
		Files.writeString(dir.resolve("digest.txt"), "{{greeting}}");
		Files.writeString(dir.resolve("subject.txt"), "{{headline}}");
		Templates templates = Templates.load(dir);
		DigestView view = view(issue(tool("a", "A", "V", 1, 1, 1, 1), tool("b", "B", "V", 2, 2, 2, 2)), ada());

		assertThat(templates.text(view)).isEqualTo("Hi Ada,");
		assertThatExceptionOfType(Templates.TemplateException.class).isThrownBy(() -> templates.html(view))
			.withMessageContaining("{{subscriberNmae}}");
	}

	@Test
	void aMissingTemplateFolderOrFileIsReportedByName(@TempDir Path dir) {
		assertThatExceptionOfType(Templates.TemplateException.class)
			.isThrownBy(() -> Templates.load(dir.resolve("nowhere")))
			.withMessageContaining("nowhere")
			.withMessageContaining("digest.templates-dir");
		assertThatExceptionOfType(Templates.TemplateException.class).isThrownBy(() -> Templates.load(dir))
			.withMessageContaining("digest.html");
	}

	@Test
	void excerptsKeepTheFirstSentenceOrCutAtAWord() {
		assertThat(DigestViews.excerpt("Short one. And more.")).isEqualTo("Short one.");
		String long140 = "word ".repeat(40);
		assertThat(DigestViews.excerpt(long140)).endsWith("word\u2026").hasSizeLessThanOrEqualTo(140);
		assertThat(DigestViews.excerpt(null)).isNull();
	}

	private static void assertGolden(String name, String actual) throws IOException {
		Path golden = GOLDEN.resolve(name);
		if (Boolean.getBoolean("digest.golden.update")) {
			Files.writeString(golden, actual, StandardCharsets.UTF_8);
		}
		assertThat(golden).as("golden file " + golden + " (create it with -Ddigest.golden.update=true)").exists();
		assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
	}

	static final Instant WEEK_START = Instant.parse("2026-11-09T00:00:00Z");

	static final Instant WEEK_END = Instant.parse("2026-11-16T00:00:00Z");

	/** An issue of {@code a} and {@code b} (new this week), scored as the selection scores them, and one unpaired tool. */
	static Issue issue(Tool a, Tool b) {
		Tool alsoNew = tool("inboxly", "Inboxly", "Inboxly Inc.", 70, 66, 72, 61);
		Pair pair = new PairScorer(PairWeights.DEFAULTS, WEEK_START, 12).score(a, true, b, true);
		return new Issue(1, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"), null,
				WEEK_START, WEEK_END, List.of(pair), List.of(alsoNew));
	}

	static DigestView view(Issue issue, Subscriber subscriber) {
		return DigestViews.of(issue, Audience.of(issue, subscriber.categories(), 3), subscriber,
				SITE + "/unsubscribe/" + subscriber.id() + ".signed-token",
				"mailto:unsubscribe@aitoolverdicts.example.com?subject=unsubscribe%20" + subscriber.id() + ".signed-token",
				SITE);
	}

	static Subscriber ada() {
		return new Subscriber(42, "ada@example.com", "Ada", SubscriberStatus.ACTIVE, List.of("Developer Tools", "Design"));
	}

	static Tool tool(String slug, String name, String vendor, int... scores) {
		List<Review> reviews = new java.util.ArrayList<>();
		for (int i = 0; i < scores.length; i++) {
			reviews.add(new Review(Persona.values()[i], scores[i], (scores[i] >= 60) ? Verdict.SHIP : Verdict.SKIP,
					Persona.values()[i].label() + " thinks " + name + " scores " + scores[i]
							+ ". A second sentence that the excerpt leaves out."));
		}
		return new Tool(slug.length(), slug, name, vendor, "Developer Tools", "Best at " + name, "Description",
				"Pay as you go", "Free", "MIT", "https://example.com/" + slug, Instant.parse("2026-11-10T10:00:00Z"),
				(vendor != null) ? 12 : 0, (vendor != null) ? 3 : 0, reviews);
	}

}
