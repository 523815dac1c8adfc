package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.issue.PairMatcher.Edge;
import com.aitoolverdicts.digest.issue.PairScorer.Features;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the week's comparison pairs: the selection of highest total score in which each tool
 * stands in at most one pair, both tools share a category and at least one is new. Pure and
 * deterministic: the same tools give the same pairs in the same order, whatever order they come in.
 * New tools are paired among themselves as far as they can be; a new tool left without a new
 * partner may be paired with an established tool of its category (reviewed within the look-back).
 * A pair featured by a recent issue is never a candidate. The chosen pairs are ranked by score,
 * then by comparison slug; new tools left alone are "also new this week".
 */
public final class PairSelector {

	private static final Comparator<Pair> BEST_FIRST = Comparator.comparingDouble(Pair::score)
		.reversed()
		.thenComparing(Pair::compareSlug);

	private static final Logger logger = LoggerFactory.getLogger(PairSelector.class);

	/** Edge weights stay well below JGraphT's "no perfect matching" threshold (1e10) and within an int. */
	private static final long MAX_WEIGHT = 1_000_000_000L;

	private PairSelector() {
	}

	/** The week's pairs with the default weights, no established partners and no cooldown. */
	public static Selection select(List<Tool> newTools) {
		return select(newTools, List.of(), Set.of(), new PairScorer(PairWeights.DEFAULTS, Instant.EPOCH, 0));
	}

	/**
	 * @param newTools the tools new this week
	 * @param established tools of earlier weeks that may partner a new tool left alone
	 * @param recentlyFeatured comparison slugs ({@code a-vs-b}) featured by recent issues: not chosen again
	 */
	public static Selection select(List<Tool> newTools, List<Tool> established, Set<String> recentlyFeatured,
			PairScorer scorer) {
		Map<String, List<Tool>> fresh = byCategory(newTools);
		Set<String> newSlugs = newTools.stream().map(Tool::slug).collect(Collectors.toSet());
		Map<String, List<Tool>> older = byCategory(
				established.stream().filter((tool) -> !newSlugs.contains(tool.slug())).toList());
		List<Pair> pairs = fresh.entrySet()
			.parallelStream()
			.flatMap((category) -> pairCategory(category.getValue(), older.getOrDefault(category.getKey(), List.of()),
					recentlyFeatured, scorer)
				.stream())
			.sorted(BEST_FIRST)
			.toList();
		Set<String> paired = new HashSet<>();
		pairs.forEach((pair) -> {
			paired.add(pair.a().slug());
			paired.add(pair.b().slug());
		});
		List<Tool> alsoNew = fresh.values()
			.stream()
			.flatMap(Collection::stream)
			.filter((tool) -> !paired.contains(tool.slug()))
			.sorted(Comparator.comparing(Tool::category).thenComparing(Tool::name).thenComparing(Tool::slug))
			.toList();
		return new Selection(pairs, alsoNew);
	}

	/**
	 * The pairs of one category. New tools are paired among themselves as far as they can be, and a
	 * new tool left over may be partnered by an established one; among all selections that pair as
	 * many new tools together as possible, the one of highest total score. One maximum-weight
	 * matching over new and established tools finds it: each new–new candidate carries a bonus
	 * larger than the weight of any whole matching, so no gain elsewhere can buy a new–new pair back.
	 */
	private static List<Pair> pairCategory(List<Tool> fresh, List<Tool> older, Set<String> recentlyFeatured,
			PairScorer scorer) {
		List<Features> tools = new ArrayList<>();
		fresh.forEach((tool) -> tools.add(scorer.features(tool, true)));
		older.forEach((tool) -> tools.add(scorer.features(tool, false)));
		int count = tools.size();
		int newCount = fresh.size();
		int[][] weights = new int[count][count];
		long heaviest = 0;
		boolean newPairsMissing = false;
		for (int u = 0; u < newCount; u++) {
			for (int v = u + 1; v < count; v++) {
				weights[u][v] = weight(tools.get(u), tools.get(v), recentlyFeatured, scorer);
				heaviest = Math.max(heaviest, weights[u][v]);
				newPairsMissing |= v < newCount && weights[u][v] == 0;
			}
		}
		if (older.isEmpty() && !newPairsMissing) {
			// Every two new tools are candidates: a maximum-weight matching already pairs all but one.
			return pairs(PairMatcher.maximumWeight(weights), tools, scorer);
		}
		long bonus = (count / 2 + 1) * heaviest + 1;
		if (bonus + heaviest > MAX_WEIGHT) {
			logger.warn("Category '{}' is too large for one exact matching with these weights: pairing its new tools "
					+ "first, then partners (close to the best, not proven best)", fresh.get(0).category());
			return pairInTwoSteps(tools, newCount, weights, scorer);
		}
		for (int u = 0; u < newCount; u++) {
			for (int v = u + 1; v < newCount; v++) {
				if (weights[u][v] > 0) {
					weights[u][v] += (int) bonus;
				}
			}
		}
		return pairs(PairMatcher.maximumWeight(weights), tools, scorer);
	}

	/**
	 * Where the bonus would not fit in an {@code int} (huge categories with extreme weights): new
	 * tools are matched among themselves first, then the ones left over with established partners.
	 */
	private static List<Pair> pairInTwoSteps(List<Features> tools, int newCount, int[][] weights, PairScorer scorer) {
		int[][] among = new int[newCount][newCount];
		for (int u = 0; u < newCount; u++) {
			System.arraycopy(weights[u], 0, among[u], 0, newCount);
		}
		List<Pair> pairs = pairs(PairMatcher.maximumWeight(among), tools, scorer);
		boolean[] matched = new boolean[newCount];
		for (Pair pair : pairs) {
			for (int u = 0; u < newCount; u++) {
				matched[u] |= tools.get(u).tool() == pair.a() || tools.get(u).tool() == pair.b();
			}
		}
		List<Integer> alone = new ArrayList<>();
		for (int u = 0; u < newCount; u++) {
			if (!matched[u]) {
				alone.add(u);
			}
		}
		int olderCount = tools.size() - newCount;
		int[][] partnerWeights = new int[alone.size()][olderCount];
		for (int i = 0; i < alone.size(); i++) {
			System.arraycopy(weights[alone.get(i)], newCount, partnerWeights[i], 0, olderCount);
		}
		for (Edge edge : PairMatcher.maximumWeightBipartite(partnerWeights)) {
			pairs.add(scorer.pair(tools.get(alone.get(edge.u())), tools.get(newCount + edge.v() - alone.size())));
		}
		return pairs;
	}

	private static List<Pair> pairs(List<Edge> matching, List<Features> tools, PairScorer scorer) {
		List<Pair> pairs = new ArrayList<>();
		for (Edge edge : matching) {
			pairs.add(scorer.pair(tools.get(edge.u()), tools.get(edge.v())));
		}
		return pairs;
	}

	/** The candidate's weight in thousandths of a point; 0 when it is on cooldown (not a candidate). */
	private static int weight(Features first, Features second, Set<String> recentlyFeatured, PairScorer scorer) {
		if (!recentlyFeatured.isEmpty()
				&& recentlyFeatured.contains(new Pair(first.tool(), second.tool()).compareSlug())) {
			return 0;
		}
		return Math.toIntExact(Math.round(scorer.points(first, second) * 1000));
	}

	/** Tools by category, categories and tools in slug order, so that the result is independent of input order. */
	private static Map<String, List<Tool>> byCategory(List<Tool> tools) {
		return tools.stream()
			.sorted(Comparator.comparing(Tool::slug))
			.collect(Collectors.groupingBy(Tool::category, TreeMap::new, Collectors.toList()));
	}

	/** The chosen pairs, best first, and the new tools without a partner. */
	public record Selection(List<Pair> pairs, List<Tool> alsoNew) {

		public boolean isEmpty() {
			return this.pairs.isEmpty() && this.alsoNew.isEmpty();
		}

		/** The sum of the pairs' scores: what the selection maximises. */
		public double totalScore() {
			return this.pairs.stream().mapToDouble(Pair::score).sum();
		}

	}

}
