package com.aitoolverdicts.digest.issue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;

/**
 * Chooses the week's comparison pairs. Pure and deterministic: the same tools give the same pairs
 * in the same order, whatever order they come in, so a restart reproduces the issue.
 * <p>
 * Both tools of a pair share a category and each tool stands in at most one pair. Pairs whose
 * panels disagree most come first: different panel verdicts, then the larger score gap (the sum,
 * over personas who reviewed both, of the difference in their scores), then the larger gap in
 * mean score, then the slugs. Tools left without a partner are "also new this week".
 */
public final class PairSelector {

	private static final Comparator<Candidate> MOST_DISAGREEMENT_FIRST = Comparator
		.comparing(Candidate::verdictsDiffer, Comparator.reverseOrder())
		.thenComparing(Candidate::scoreGap, Comparator.reverseOrder())
		.thenComparing(Candidate::meanGap, Comparator.reverseOrder())
		.thenComparing((candidate) -> candidate.pair().compareSlug());

	private PairSelector() {
	}

	public static Selection select(List<Tool> tools) {
		List<Tool> sorted = tools.stream().sorted(Comparator.comparing(Tool::slug)).toList();
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < sorted.size(); i++) {
			for (int j = i + 1; j < sorted.size(); j++) {
				if (sorted.get(i).category().equals(sorted.get(j).category())) {
					candidates.add(Candidate.of(sorted.get(i), sorted.get(j)));
				}
			}
		}
		candidates.sort(MOST_DISAGREEMENT_FIRST);
		Set<String> paired = new HashSet<>();
		List<Pair> pairs = new ArrayList<>();
		for (Candidate candidate : candidates) {
			Pair pair = candidate.pair();
			if (!paired.contains(pair.a().slug()) && !paired.contains(pair.b().slug())) {
				paired.add(pair.a().slug());
				paired.add(pair.b().slug());
				pairs.add(pair);
			}
		}
		List<Tool> alsoNew = sorted.stream()
			.filter((tool) -> !paired.contains(tool.slug()))
			.sorted(Comparator.comparing(Tool::category).thenComparing(Tool::name).thenComparing(Tool::slug))
			.toList();
		return new Selection(pairs, alsoNew);
	}

	/** The chosen pairs, best first, and the tools without a partner. */
	public record Selection(List<Pair> pairs, List<Tool> alsoNew) {

		public boolean isEmpty() {
			return this.pairs.isEmpty() && this.alsoNew.isEmpty();
		}

	}

	private record Candidate(Pair pair, boolean verdictsDiffer, int scoreGap, double meanGap) {

		static Candidate of(Tool a, Tool b) {
			int gap = 0;
			for (Persona persona : Persona.values()) {
				Review left = a.review(persona).orElse(null);
				Review right = b.review(persona).orElse(null);
				if (left != null && right != null) {
					gap += Math.abs(left.score() - right.score());
				}
			}
			return new Candidate(new Pair(a, b), a.panelVerdict() != b.panelVerdict(), gap,
					Math.abs(a.averageScore() - b.averageScore()));
		}

	}

}
