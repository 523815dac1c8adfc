package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PairSelectorTests {

	@Test
	void pairsOnlyToolsOfOneCategoryAndEachToolAtMostOnce() {
		List<Tool> tools = List.of(tool("a", "Design", 80, 80, 80, 80), tool("b", "Design", 30, 30, 30, 30),
				tool("c", "Design", 70, 70, 70, 70), tool("d", "Writing", 90, 90, 90, 90));

		PairSelector.Selection selection = PairSelector.select(tools);

		assertThat(selection.pairs()).hasSize(1);
		Pair pair = selection.pairs().get(0);
		assertThat(pair.a().category()).isEqualTo(pair.b().category());
		assertThat(selection.alsoNew()).extracting(Tool::slug).hasSize(2).contains("d");
	}

	@Test
	void panelsThatDisagreeComeFirstThenLargerScoreGaps() {
		Tool shipA = tool("ship-a", "Design", 80, 80, 80, 80);
		Tool skipB = tool("skip-b", "Design", 40, 40, 40, 40);
		Tool shipC = tool("ship-c", "Writing", 95, 95, 95, 95);
		Tool shipD = tool("ship-d", "Writing", 65, 65, 65, 65);
		Tool shipE = tool("ship-e", "Audio", 70, 70, 70, 70);
		Tool shipF = tool("ship-f", "Audio", 66, 66, 66, 66);

		List<Pair> pairs = PairSelector.select(List.of(shipF, shipE, shipD, shipC, skipB, shipA)).pairs();

		assertThat(pairs).extracting(Pair::compareSlug)
			.containsExactly("ship-a-vs-skip-b", "ship-c-vs-ship-d", "ship-e-vs-ship-f");
	}

	@Test
	void theSameToolsInAnyOrderGiveTheSameIssue() {
		List<Tool> tools = new ArrayList<>();
		Random random = new Random(7);
		for (int i = 0; i < 30; i++) {
			tools.add(tool("tool-" + i, "Category " + (i % 4), random.nextInt(101), random.nextInt(101),
					random.nextInt(101), random.nextInt(101)));
		}
		PairSelector.Selection first = PairSelector.select(tools);
		for (int round = 0; round < 5; round++) {
			Collections.shuffle(tools, random);
			assertThat(PairSelector.select(tools)).isEqualTo(first);
		}
		List<String> slugs = new ArrayList<>();
		first.pairs().forEach((pair) -> {
			slugs.add(pair.a().slug());
			slugs.add(pair.b().slug());
		});
		first.alsoNew().forEach((tool) -> slugs.add(tool.slug()));
		assertThat(slugs).doesNotHaveDuplicates().hasSize(30);
	}

	@Test
	void aPairIsNamedWithTheSmallerSlugFirst() {
		Pair pair = new Pair(tool("zeta", "Design", 1, 1, 1, 1), tool("alpha", "Design", 1, 1, 1, 1));

		assertThat(pair.compareSlug()).isEqualTo("alpha-vs-zeta");
	}

	static Tool tool(String slug, String category, int... scores) {
		List<Review> reviews = new ArrayList<>();
		for (int i = 0; i < scores.length; i++) {
			reviews.add(new Review(Persona.values()[i], scores[i], (scores[i] >= 60) ? Verdict.SHIP : Verdict.SKIP,
					"Because."));
		}
		return new Tool(slug.hashCode(), slug, slug.toUpperCase(), "Vendor", category, "Tagline", null, null, null, null,
				null, Instant.parse("2026-11-10T10:00:00Z"), 0, 0, reviews);
	}

}
