package com.aitoolverdicts.digest.issue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.catalog.Tool;

/**
 * What the readers who follow the same categories get of an issue: its pairs in those categories,
 * best first, at most {@code digest.pairs-per-digest}, then the other new tools of those
 * categories. Readers with the same {@link #key()} get the same digest body.
 *
 * @param pairs the comparisons, best first
 * @param alsoNew new tools of the reader's categories that no shown comparison features
 * @param newTools how many tools of the reader's categories are new this week
 * @param everyCategory whether the readers follow every category
 * @param key identifies the content: which categories, the issue's pair ranks and the slugs shown
 */
public record Audience(List<Pair> pairs, List<Tool> alsoNew, int newTools, boolean everyCategory, String key) {

	/** Why a reader gets no digest of an issue. */
	public static final String NOTHING_NEW = "nothing new in your categories";

	public Audience {
		pairs = List.copyOf(pairs);
		alsoNew = List.copyOf(alsoNew);
	}

	/** The audience of readers following {@code categories} (none: every category), matched ignoring case. */
	public static Audience of(Issue issue, List<String> categories, int maxPairs) {
		Set<String> followed = categories.stream()
			.map((category) -> category.strip().toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		List<Pair> pairs = new ArrayList<>();
		List<Integer> ranks = new ArrayList<>();
		for (int rank = 1; rank <= issue.pairs().size() && pairs.size() < maxPairs; rank++) {
			Pair pair = issue.pairs().get(rank - 1);
			if (follows(followed, pair.category())) {
				pairs.add(pair);
				ranks.add(rank);
			}
		}
		Set<String> shown = new HashSet<>();
		pairs.forEach((pair) -> {
			shown.add(pair.a().slug());
			shown.add(pair.b().slug());
		});
		List<Tool> newInCategories = issue.newTools()
			.stream()
			.filter((tool) -> follows(followed, tool.category()))
			.toList();
		List<Tool> alsoNew = newInCategories.stream()
			.filter((tool) -> !shown.contains(tool.slug()))
			.sorted(Comparator.comparing(Tool::category).thenComparing(Tool::name).thenComparing(Tool::slug))
			.toList();
		String key = (followed.isEmpty() ? "all|" : "some|") + ranks.stream().map(String::valueOf).collect(Collectors.joining(",")) + "|"
				+ alsoNew.stream().map(Tool::slug).collect(Collectors.joining(","));
		return new Audience(pairs, alsoNew, newInCategories.size(), followed.isEmpty(), key);
	}

	private static boolean follows(Set<String> followed, String category) {
		return followed.isEmpty() || followed.contains(category.strip().toLowerCase(Locale.ROOT));
	}

	/** Nothing in the reader's categories is new: they get no digest this week. */
	public boolean isEmpty() {
		return this.pairs.isEmpty() && this.alsoNew.isEmpty();
	}

}
