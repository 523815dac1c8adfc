package com.aitoolverdicts.digest.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the pair selection over many random weeks, each generated from its own seed (quoted
 * in every failure, so that a failing week can be replayed): small enough for brute force to find
 * the best selection, varied enough to hit ties, cooldowns, lone tools and established partners.
 */
class PairSelectionPropertiesTests {

	static final Instant WEEK_START = Instant.parse("2026-11-09T00:00:00Z");

	static final int LOOKBACK = 12;

	static final int TRIALS = 2000;

	static final PairScorer SCORER = new PairScorer(PairWeights.DEFAULTS, WEEK_START, LOOKBACK);

	@Test
	void everyPairIsOneCategoryHoldsANewToolAndNoToolStandsTwice() {
		for (long seed = 1; seed <= TRIALS; seed++) {
			Week week = Week.random(seed);
			PairSelector.Selection selection = week.select();
			Set<String> seen = new HashSet<>();
			for (Pair pair : selection.pairs()) {
				assertThat(pair.a().category()).as("seed %d: %s", seed, pair.compareSlug())
					.isEqualTo(pair.b().category());
				assertThat(week.isNew(pair.a()) || week.isNew(pair.b())).as("seed %d: %s has a new tool", seed,
						pair.compareSlug())
					.isTrue();
				assertThat(seen.add(pair.a().slug()) && seen.add(pair.b().slug()))
					.as("seed %d: %s repeats a tool", seed, pair.compareSlug())
					.isTrue();
				assertThat(week.featured).as("seed %d: cooldown", seed).doesNotContain(pair.compareSlug());
				assertThat(pair.rationale()).as("seed %d", seed).isNotBlank().doesNotContain("\n");
			}
			for (Tool tool : selection.alsoNew()) {
				assertThat(seen.add(tool.slug())).as("seed %d: %s is paired and also new", seed, tool.slug()).isTrue();
			}
			assertThat(seen).as("seed %d: every new tool is in the issue", seed)
				.containsAll(week.fresh.stream().map(Tool::slug).toList());
			assertThat(selection.pairs()).as("seed %d: ranked best first", seed)
				.isSortedAccordingTo(Comparator.comparingDouble(Pair::score).reversed());
		}
	}

	@Test
	void theSameToolsInAnyOrderGiveTheSameSelection() {
		for (long seed = 1; seed <= TRIALS / 4; seed++) {
			Week week = Week.random(seed);
			PairSelector.Selection first = week.select();
			Random random = new Random(seed);
			for (int round = 0; round < 3; round++) {
				List<Tool> fresh = new ArrayList<>(week.fresh);
				List<Tool> established = new ArrayList<>(week.established);
				Collections.shuffle(fresh, random);
				Collections.shuffle(established, random);
				assertThat(PairSelector.select(fresh, established, week.featured, SCORER)).as("seed %d", seed)
					.isEqualTo(first);
			}
		}
	}

	/**
	 * The selection pairs as many new tools together as it can, then has the highest total score:
	 * the same as trying every selection, and never worse than taking the best pair first (greedy).
	 */
	@Test
	void theSelectionIsAsGoodAsBruteForceFindsAndAtLeastAsGoodAsGreedy() {
		int beatGreedy = 0;
		int withPartners = 0;
		for (long seed = 1; seed <= TRIALS; seed++) {
			Week week = Week.random(seed);
			PairSelector.Selection selection = week.select();
			Value chosen = new Value(selection.pairs().stream().filter((pair) -> week.isNew(pair.a()) && week.isNew(pair.b())).count(),
					points(selection.pairs().stream()));
			Value best = new Value(0, 0);
			Value greedy = new Value(0, 0);
			for (Map.Entry<String, List<Tool>> category : week.freshByCategory().entrySet()) {
				List<Tool> tools = new ArrayList<>(category.getValue());
				week.established.stream().filter((tool) -> tool.category().equals(category.getKey())).forEach(tools::add);
				List<Candidate> candidates = week.candidates(tools);
				best = best.plus(bruteForce(candidates, new HashSet<>(), 0));
				greedy = greedy.plus(greedy(candidates));
			}
			assertThat(chosen).as("seed %d: optimal", seed).isEqualTo(best);
			assertThat(chosen.compareTo(greedy)).as("seed %d: %s at least greedy's %s", seed, chosen, greedy)
				.isGreaterThanOrEqualTo(0);
			beatGreedy += (chosen.compareTo(greedy) > 0) ? 1 : 0;
			withPartners += selection.pairs().stream().anyMatch((pair) -> !week.isNew(pair.a()) || !week.isNew(pair.b()))
					? 1 : 0;
		}
		// Not properties: checks that the generator makes weeks where the choice matters.
		assertThat(beatGreedy).as("weeks where the matching beats greedy").isGreaterThan(TRIALS / 20);
		assertThat(withPartners).as("weeks with an established partner").isGreaterThan(TRIALS / 20);
	}

	@Test
	void aNewToolLeftOverIsTheOneWhoseEstablishedPartnerGainsMost() {
		// a, b and c are new, x established: a-b with c-x beats a-c with b-x, although a-c > a-b.
		Tool a = Week.tool("a", "Proprietary", 60, true);
		Tool b = Week.tool("b", null, 61, true);
		Tool c = Week.tool("c", "Proprietary", 62, true);
		Tool x = Week.tool("x", "Apache-2.0", 60, false);

		List<String> pairs = PairSelector.select(List.of(a, b, c), List.of(x), Set.of(), SCORER)
			.pairs()
			.stream()
			.map(Pair::compareSlug)
			.toList();

		assertThat(pairs).containsExactlyInAnyOrder("a-vs-b", "c-vs-x");
	}

	@Test
	void twoPairsOfNewToolsBeatOneHeavierPairWhenTheCooldownLeavesThatChoice() {
		// b-c alone outweighs a-b with c-d, but leaves two new tools without a comparison.
		Tool a = Week.tool("a", null, 85, true);
		Tool b = Week.tool("b", null, 90, true);
		Tool c = Week.tool("c", null, 10, true);
		Tool d = Week.tool("d", null, 15, true);
		Set<String> cooldown = Set.of("a-vs-c", "a-vs-d", "b-vs-d");

		List<String> pairs = PairSelector.select(List.of(a, b, c, d), List.of(), cooldown, SCORER)
			.pairs()
			.stream()
			.map(Pair::compareSlug)
			.toList();

		assertThat(pairs).containsExactlyInAnyOrder("a-vs-b", "c-vs-d");
	}

	private static long points(java.util.stream.Stream<Pair> pairs) {
		return pairs.mapToLong((pair) -> Math.round(pair.score() * 1000)).sum();
	}

	/** Pairs of two new tools first, then total points: what the selection maximises. */
	record Value(long newPairs, long points) implements Comparable<Value> {

		Value plus(Value other) {
			return new Value(this.newPairs + other.newPairs, this.points + other.points);
		}

		@Override
		public int compareTo(Value other) {
			return (this.newPairs != other.newPairs) ? Long.compare(this.newPairs, other.newPairs)
					: Long.compare(this.points, other.points);
		}

	}

	/** The best matching of {@code candidates}, by trying every one: each candidate taken or not. */
	private static Value bruteForce(List<Candidate> candidates, Set<String> used, int from) {
		Value best = new Value(0, 0);
		for (int i = from; i < candidates.size(); i++) {
			Candidate candidate = candidates.get(i);
			if (used.contains(candidate.first) || used.contains(candidate.second)) {
				continue;
			}
			used.add(candidate.first);
			used.add(candidate.second);
			Value with = candidate.value().plus(bruteForce(candidates, used, i + 1));
			best = (with.compareTo(best) > 0) ? with : best;
			used.remove(candidate.first);
			used.remove(candidate.second);
		}
		return best;
	}

	/** The greedy choice the selection replaced: the best candidate first, as long as both tools are free. */
	private static Value greedy(List<Candidate> candidates) {
		Set<String> used = new HashSet<>();
		Value total = new Value(0, 0);
		for (Candidate candidate : candidates.stream()
			.sorted(Comparator.comparing(Candidate::value).reversed().thenComparing(Candidate::first)
				.thenComparing(Candidate::second))
			.toList()) {
			if (!used.contains(candidate.first) && !used.contains(candidate.second)) {
				used.add(candidate.first);
				used.add(candidate.second);
				total = total.plus(candidate.value());
			}
		}
		return total;
	}

	record Candidate(String first, String second, boolean bothNew, long points) {

		Value value() {
			return new Value(this.bothNew ? 1 : 0, this.points);
		}

	}

	/** A random week: new tools, established ones of the look-back, and pairs on cooldown. */
	record Week(List<Tool> fresh, List<Tool> established, Set<String> featured) {

		static Week random(long seed) {
			Random random = new Random(seed);
			int categories = 1 + random.nextInt(3);
			List<Tool> fresh = new ArrayList<>();
			int count = random.nextInt(10);
			for (int i = 0; i < count; i++) {
				fresh.add(tool(random, "new-" + i, categories, WEEK_START.plus(Duration.ofHours(random.nextInt(24 * 7)))));
			}
			List<Tool> established = new ArrayList<>();
			int older = random.nextInt(4);
			for (int i = 0; i < older; i++) {
				established.add(tool(random, "old-" + i, categories,
						WEEK_START.minus(Duration.ofHours(1 + random.nextInt(24 * 7 * LOOKBACK)))));
			}
			Set<String> featured = new HashSet<>();
			List<Tool> all = new ArrayList<>(fresh);
			all.addAll(established);
			for (int i = 0; i < all.size() && random.nextInt(3) == 0; i++) {
				Tool a = all.get(random.nextInt(all.size()));
				Tool b = all.get(random.nextInt(all.size()));
				if (a != b) {
					featured.add(new Pair(a, b).compareSlug());
				}
			}
			return new Week(fresh, established, featured);
		}

		private static Tool tool(Random random, String slug, int categories, Instant published) {
			List<Review> reviews = new ArrayList<>();
			for (Persona persona : Persona.values()) {
				if (random.nextInt(5) > 0 || reviews.isEmpty() && persona == Persona.FOUNDER) {
					int score = 5 * random.nextInt(21);
					reviews.add(new Review(persona, score, (score >= 60) ? Verdict.SHIP : Verdict.SKIP, "Because."));
				}
			}
			String license = switch (random.nextInt(3)) {
				case 0 -> "Apache-2.0";
				case 1 -> "Proprietary (API only)";
				default -> null;
			};
			return new Tool(slug.hashCode(), slug, slug.toUpperCase(), "Vendor", "Category " + random.nextInt(categories),
					"Tagline", null, null, null, license, null, published, 0, 0, reviews);
		}

		PairSelector.Selection select() {
			return PairSelector.select(this.fresh, this.established, this.featured, SCORER);
		}

		boolean isNew(Tool tool) {
			return this.fresh.contains(tool);
		}

		Map<String, List<Tool>> freshByCategory() {
			return this.fresh.stream().collect(Collectors.groupingBy(Tool::category));
		}

		/** Every candidate among {@code tools}: same category, a new tool in it, not on cooldown. */
		List<Candidate> candidates(List<Tool> tools) {
			List<Candidate> candidates = new ArrayList<>();
			for (int i = 0; i < tools.size(); i++) {
				for (int j = i + 1; j < tools.size(); j++) {
					Tool first = tools.get(i);
					Tool second = tools.get(j);
					Pair pair = new Pair(first, second);
					if ((!isNew(first) && !isNew(second)) || this.featured.contains(pair.compareSlug())) {
						continue;
					}
					Pair scored = SCORER.score(first, isNew(first), second, isNew(second));
					candidates.add(new Candidate(pair.a().slug(), pair.b().slug(), isNew(first) && isNew(second),
							Math.round(scored.score() * 1000)));
				}
			}
			return candidates;
		}

		static Tool tool(String slug, String license, int builderScore, boolean isNew) {
			return new Tool(slug.hashCode(), slug, slug.toUpperCase(), null, "Security", null, null, null, null, license,
					null, isNew ? WEEK_START.plus(Duration.ofDays(1)) : WEEK_START.minus(Duration.ofDays(7)), 0, 0,
					List.of(new Review(Persona.BUILDER, builderScore,
							(builderScore >= 60) ? Verdict.SHIP : Verdict.SKIP, "Because.")));
		}

	}

}
