package com.aitoolverdicts.digest.issue;

/**
 * How much each signal adds to a candidate pair's score, in points. Every candidate also has one
 * point of its own, so that the matching pairs every tool it can.
 *
 * @param verdictsDiffer the panel ships one tool and not the other (Ship against Skip or Split)
 * @param personaSplit for each persona who ships one tool and skips the other
 * @param scoreGap per point of the largest difference between one persona's two scores
 * @param pricingContrast one tool has open weights or is open source, the other is a paid API or plan
 * @param bothNew both tools are new this week, not a new tool against an established one
 * @param recentPartner an established partner reviewed this week would get all of it, one reviewed
 * {@code digest.partner-lookback-weeks} ago none
 */
public record PairWeights(double verdictsDiffer, double personaSplit, double scoreGap, double pricingContrast,
		double bothNew, double recentPartner) {

	/** The defaults the README explains. */
	public static final PairWeights DEFAULTS = new PairWeights(30, 10, 0.4, 15, 20, 10);

	public PairWeights {
		check("verdicts-differ", verdictsDiffer);
		check("persona-split", personaSplit);
		check("score-gap", scoreGap);
		check("pricing-contrast", pricingContrast);
		check("both-new", bothNew);
		check("recent-partner", recentPartner);
	}

	private static void check(String name, double weight) {
		if (!(weight >= 0 && weight <= 1000)) {
			throw new IllegalArgumentException(
					"digest.pair-weights." + name + " must be a number from 0 to 1000 but was " + weight);
		}
	}

}
