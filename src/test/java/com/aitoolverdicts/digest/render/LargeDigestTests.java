package com.aitoolverdicts.digest.render;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.imports.ToolsFile;
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

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The largest digest a reader gets: five pairs of tools with the longest texts the import allows,
 * right-to-left and CJK names, and text that looks like markup. Gmail clips HTML over 102 KB; plain
 * text lines stay within 78 columns except for links; nothing from the data is markup.
 */
class LargeDigestTests {

	static final Instant WEEK_START = Instant.parse("2026-11-09T00:00:00Z");

	@Test
	void fivePairsOfLongTextsStayUnderGmailsClipAndWithin78Columns() {
		List<Tool> tools = ToolsFile.read(Path.of("src/test/resources/fixtures/large-week.json"));
		PairSelector.Selection selection = PairSelector.select(tools, List.of(), Set.of(),
				new PairScorer(PairWeights.DEFAULTS, WEEK_START, 12));
		Issue issue = new Issue(9, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"),
				null, WEEK_START, Instant.parse("2026-11-16T00:00:00Z"), selection.pairs(), selection.alsoNew());
		DigestProperties properties = new DigestProperties();
		properties.setTemplatesDir(Path.of("templates"));
		properties.setPairsPerDigest(5);
		properties.getUnsubscribe().setSecret("test-secret-not-for-production");
		DigestRenderer renderer = new DigestRenderer(properties,
				new UnsubscribeTokens(properties, new MockEnvironment(), null));
		Subscriber reader = new Subscriber(1, "reader@example.com", "\u0633\u0627\u0631\u0627 \u674E",
				SubscriberStatus.ACTIVE, List.of());

		RenderedDigest digest = renderer.render(issue, reader);

		assertThat(selection.pairs()).hasSize(5);
		assertThat(digest.html().getBytes(StandardCharsets.UTF_8).length).isLessThan(102 * 1024);
		assertThat(digest.html()).contains("\u0642\u0644\u0645", "\u901A\u4E49\u5343\u95EE",
				"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "{{greeting}} Maker")
			.doesNotContain("<script>");
		assertThat(digest.text().lines().filter((line) -> !line.contains("://")))
			.allSatisfy((line) -> assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(78));
		assertThat(digest.subject().codePointCount(0, digest.subject().length())).isLessThanOrEqualTo(78);
	}

}
