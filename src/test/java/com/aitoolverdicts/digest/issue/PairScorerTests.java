package com.aitoolverdicts.digest.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import com.aitoolverdicts.digest.demo.DemoData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PairScorerTests {

	static final Instant WEEK_START = Instant.parse("2026-11-09T00:00:00Z");

	static final Map<String, Tool> DEMO = DemoData.tools()
		.stream()
		.collect(Collectors.toMap(Tool::slug, Function.identity()));

	final PairScorer scorer = new PairScorer(PairWeights.DEFAULTS, WEEK_START, 12);

	@Test
	void theFounderSplitAndTheLicenceContrastAreScoredAndSaid() {
		Pair pair = this.scorer.score(DEMO.get("code-llama-4"), true, DEMO.get("gemini-2-5-flash-lite"), true);

		// 1 + Founder split 10 + widest gap 17 x 0.4 + open against paid 15 + both new 20
		assertThat(pair.score()).isEqualTo(52.8);
		assertThat(pair.rationale()).isEqualTo(
				"Split panel: the Founder ships one and skips the other; open weights against a paid API, both new this week");
	}

	@Test
	void panelsThatDisagreeWithoutACommonPersonaAreSaidSo() {
		Tool shipped = tool("shipped", Instant.parse("2026-11-10T00:00:00Z"), Map.of(Persona.BUILDER, 90));
		Tool skipped = tool("skipped", Instant.parse("2026-11-10T00:00:00Z"), Map.of(Persona.SKEPTIC, 20));

		Pair pair = this.scorer.score(shipped, true, skipped, true);

		assertThat(pair.score()).isEqualTo(1 + 30 + 20);
		assertThat(pair.rationale()).isEqualTo("The panel ships SHIPPED and skips SKIPPED, both new this week");
	}

	@Test
	void aRecentPartnerScoresAboveAnOldOneAndBothNewAboveEither() {
		Tool fresh = tool("fresh", Instant.parse("2026-11-10T00:00:00Z"), Map.of(Persona.BUILDER, 80));
		Tool other = tool("other", Instant.parse("2026-11-11T00:00:00Z"), Map.of(Persona.BUILDER, 50));
		Tool lastWeek = tool("last-week", WEEK_START.minus(Duration.ofDays(3)), Map.of(Persona.BUILDER, 50));
		Tool monthsAgo = tool("months-ago", WEEK_START.minus(Duration.ofDays(70)), Map.of(Persona.BUILDER, 50));

		Pair bothNew = this.scorer.score(fresh, true, other, true);
		Pair recent = this.scorer.score(fresh, true, lastWeek, false);
		Pair old = this.scorer.score(fresh, true, monthsAgo, false);

		assertThat(bothNew.score()).isGreaterThan(recent.score());
		assertThat(recent.score()).isGreaterThan(old.score());
		assertThat(recent.rationale()).endsWith("; LAST-WEEK was reviewed the week before");
		assertThat(old.rationale()).endsWith("; MONTHS-AGO was reviewed 10 weeks before");
	}

	@Test
	void theWeightsDecideWhichPairWins() {
		Tool openShip = licensed("open-ship", "Apache-2.0", 80);
		Tool paidShip = licensed("paid-ship", "Proprietary (API only)", 78);
		Tool openSkip = licensed("open-skip", "MIT", 20);
		List<Tool> week = List.of(openShip, paidShip, openSkip);

		assertThat(select(week, new PairWeights(0, 0, 0.01, 100, 0, 0))).containsExactly("open-skip-vs-paid-ship");
		assertThat(select(week, new PairWeights(100, 0, 0.01, 0, 0, 0))).containsExactly("open-ship-vs-open-skip");
	}

	private static Tool licensed(String slug, String license, int score) {
		Tool tool = tool(slug, Instant.parse("2026-11-10T00:00:00Z"), Map.of(Persona.BUILDER, score));
		return new Tool(tool.id(), slug, tool.name(), null, "Security", null, null, null, null, license, null,
				tool.publishedAt(), 0, 0, tool.reviews());
	}

	private static List<String> select(List<Tool> tools, PairWeights weights) {
		return PairSelector.select(tools, List.of(), java.util.Set.of(), new PairScorer(weights, WEEK_START, 12))
			.pairs()
			.stream()
			.map(Pair::compareSlug)
			.toList();
	}

	static Tool tool(String slug, Instant published, Map<Persona, Integer> scores) {
		List<Review> reviews = scores.entrySet()
			.stream()
			.map((entry) -> new Review(entry.getKey(), entry.getValue(),
					(entry.getValue() >= 60) ? Verdict.SHIP : Verdict.SKIP, "Because."))
			.toList();
		return new Tool(slug.hashCode(), slug, slug.toUpperCase(), null, "Security", null, null, null, null, null, null,
				published, 0, 0, reviews);
	}

}
