package com.aitoolverdicts.digest.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Tool.PanelVerdict;
import com.aitoolverdicts.digest.catalog.Verdict;

/**
 * Scores a candidate pair from the signals a reader cares about and says why in one line. Pure:
 * the week's start and the look-back come in, so a restart scores exactly as the first run did.
 */
public final class PairScorer {

	/** Every candidate is worth this much, so that the matching leaves no pairable tool alone. */
	static final double BASE = 1;

	/** A score gap smaller than this is not worth a sentence of its own. */
	private static final int NOTABLE_GAP = 10;

	private final PairWeights weights;

	private final Instant weekStart;

	private final int lookbackWeeks;

	public PairScorer(PairWeights weights, Instant weekStart, int lookbackWeeks) {
		this.weights = weights;
		this.weekStart = weekStart;
		this.lookbackWeeks = lookbackWeeks;
	}

	/** The scored pair of {@code first} and {@code second}; an established tool is one not new this week. */
	public Pair score(Tool first, boolean firstNew, Tool second, boolean secondNew) {
		return pair(features(first, firstNew), features(second, secondNew));
	}

	/** What scoring needs of one tool, worked out once per tool rather than once per candidate pair. */
	Features features(Tool tool, boolean isNew) {
		int[] scores = new int[Persona.values().length];
		boolean[] ships = new boolean[scores.length];
		for (Persona persona : Persona.values()) {
			Review review = tool.review(persona).orElse(null);
			scores[persona.ordinal()] = (review != null) ? review.score() : -1;
			ships[persona.ordinal()] = review != null && review.verdict() == Verdict.SHIP;
		}
		return new Features(tool, isNew, tool.panelVerdict() == PanelVerdict.SHIP, scores, ships, Licensing.of(tool),
				isNew ? 0 : freshness(tool));
	}

	/** The candidate's score in points, without the words: the matching asks this of every candidate. */
	double points(Features first, Features second) {
		int split = 0;
		int widestGap = 0;
		for (int persona = 0; persona < first.scores.length; persona++) {
			if (first.scores[persona] < 0 || second.scores[persona] < 0) {
				continue;
			}
			if (first.ships[persona] != second.ships[persona]) {
				split++;
			}
			widestGap = Math.max(widestGap, Math.abs(first.scores[persona] - second.scores[persona]));
		}
		boolean bothNew = first.isNew && second.isNew;
		double score = BASE + ((first.panelShips != second.panelShips) ? this.weights.verdictsDiffer() : 0)
				+ split * this.weights.personaSplit() + widestGap * this.weights.scoreGap()
				+ (contrast(first.licensing, second.licensing) ? this.weights.pricingContrast() : 0)
				+ (bothNew ? this.weights.bothNew() : 0)
				+ (bothNew ? 0 : this.weights.recentPartner() * (first.isNew ? second.freshness : first.freshness));
		return Math.round(score * 1000) / 1000.0;
	}

	/** The chosen pair with its score and the line that says why. */
	Pair pair(Features first, Features second) {
		List<Persona> split = new ArrayList<>();
		Persona widest = null;
		int widestGap = 0;
		for (Persona persona : Persona.values()) {
			int left = first.scores[persona.ordinal()];
			int right = second.scores[persona.ordinal()];
			if (left < 0 || right < 0) {
				continue;
			}
			if (first.ships[persona.ordinal()] != second.ships[persona.ordinal()]) {
				split.add(persona);
			}
			if (Math.abs(left - right) > widestGap) {
				widest = persona;
				widestGap = Math.abs(left - right);
			}
		}
		Tool open = !contrast(first.licensing, second.licensing) ? null
				: (first.licensing == Licensing.OPEN) ? first.tool : second.tool;
		Tool partner = (first.isNew && second.isNew) ? null : first.isNew ? second.tool : first.tool;
		Pair pair = new Pair(first.tool, second.tool);
		return new Pair(first.tool, second.tool, points(first, second),
				rationale(pair, first.panelShips != second.panelShips, split, widest, widestGap, open, partner));
	}

	private static boolean contrast(Licensing first, Licensing second) {
		return (first == Licensing.OPEN && second == Licensing.PAID) || (first == Licensing.PAID && second == Licensing.OPEN);
	}

	/** 1 for a partner reviewed at the start of this week, falling to 0 at the end of the look-back. */
	private double freshness(Tool partner) {
		if (this.lookbackWeeks <= 0) {
			return 0;
		}
		double ageDays = Duration.between(partner.publishedAt(), this.weekStart).toMinutes() / (24.0 * 60);
		return Math.max(0, Math.min(1, 1 - ageDays / (7.0 * this.lookbackWeeks)));
	}

	private String rationale(Pair pair, boolean verdictsDiffer, List<Persona> split, Persona widest, int widestGap,
			Tool open, Tool partner) {
		List<String> clauses = new ArrayList<>();
		if (!split.isEmpty()) {
			clauses.add("Split panel: " + switch (split.size()) {
				case 1 -> "the " + split.get(0).label() + " ships one and skips the other";
				case 2 -> "the " + split.get(0).label() + " and the " + split.get(1).label() + " ship one and skip the other";
				case 3 -> "three of the four personas ship one and skip the other";
				default -> "every persona ships one and skips the other";
			});
		}
		else if (verdictsDiffer) {
			Tool shipped = (pair.a().panelVerdict() == PanelVerdict.SHIP) ? pair.a() : pair.b();
			Tool other = (shipped == pair.a()) ? pair.b() : pair.a();
			clauses.add("The panel ships " + shipped.name() + " and "
					+ ((other.panelVerdict() == PanelVerdict.SKIP) ? "skips " : "is split on ") + other.name());
		}
		else if (pair.a().panelVerdict() != pair.b().panelVerdict()) {
			Tool skipped = (pair.a().panelVerdict() == PanelVerdict.SKIP) ? pair.a() : pair.b();
			Tool other = (skipped == pair.a()) ? pair.b() : pair.a();
			clauses.add("The panel skips " + skipped.name() + " and is split on " + other.name());
		}
		if (split.isEmpty() && widest != null && widestGap >= NOTABLE_GAP) {
			clauses.add("the " + widest.label() + "'s scores differ by " + widestGap + " points");
		}
		if (open != null) {
			Tool paid = (open == pair.a()) ? pair.b() : pair.a();
			clauses.add(openKind(open) + " against " + paidKind(paid));
		}
		String newness = (partner == null) ? ", both new this week"
				: "; " + partner.name() + " was reviewed " + age(partner);
		if (clauses.isEmpty()) {
			clauses.add((widest == null) ? "No persona reviewed both"
					: "The same call from the panel, with scores within " + NOTABLE_GAP + " points");
		}
		String line = String.join("; ", clauses) + newness;
		return Character.toUpperCase(line.charAt(0)) + line.substring(1);
	}

	private static String openKind(Tool tool) {
		String text = (tool.license() + " " + tool.pricing()).toLowerCase(Locale.ROOT);
		return (text.contains("weight") || text.contains("community licen")) ? "open weights" : "open source";
	}

	private static String paidKind(Tool tool) {
		String text = (tool.license() + " " + tool.pricing()).toLowerCase(Locale.ROOT);
		return text.contains("api") || text.contains("token") ? "a paid API" : "a paid plan";
	}

	private String age(Tool partner) {
		long days = Duration.between(partner.publishedAt(), this.weekStart).toDays();
		long weeks = Math.max(1, (days + 6) / 7);
		return (weeks == 1) ? "the week before" : weeks + " weeks before";
	}

	/** One tool as scoring sees it: scores by persona (-1 when absent), ship calls, licensing, freshness. */
	record Features(Tool tool, boolean isNew, boolean panelShips, int[] scores, boolean[] ships, Licensing licensing,
			double freshness) {
	}

}
