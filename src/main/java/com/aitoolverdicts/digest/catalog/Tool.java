package com.aitoolverdicts.digest.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A reviewed tool with its panel and community votes. Optional text fields are {@code null}
 * when the site gave none; reviews are in panel order (Builder, Skeptic, Futurist, Founder).
 */
public record Tool(long id, String slug, String name, String vendor, String category, String tagline,
		String description, String pricing, String entryPrice, String license, String url, Instant publishedAt,
		int communityShip, int communitySkip, List<Review> reviews) {

	public Tool {
		reviews = reviews.stream().sorted(Comparator.comparing(Review::persona)).toList();
	}

	/** The review of {@code persona}, when that persona reviewed the tool. */
	public Optional<Review> review(Persona persona) {
		return this.reviews.stream().filter((review) -> review.persona() == persona).findFirst();
	}

	public long shipVotes() {
		return this.reviews.stream().filter((review) -> review.verdict() == Verdict.SHIP).count();
	}

	public long skipVotes() {
		return this.reviews.size() - shipVotes();
	}

	/** The panel verdict: Ship when most reviewers ship, Skip when most skip, Split on a tie. */
	public PanelVerdict panelVerdict() {
		long ship = shipVotes();
		long skip = skipVotes();
		return (ship > skip) ? PanelVerdict.SHIP : (skip > ship) ? PanelVerdict.SKIP : PanelVerdict.SPLIT;
	}

	/** Ship votes as a share of reviews, rounded to a whole percent. */
	public int shipPercent() {
		return this.reviews.isEmpty() ? 0 : (int) Math.round(100.0 * shipVotes() / this.reviews.size());
	}

	/** The panel's mean score, 0 to 100. */
	public double averageScore() {
		return this.reviews.stream().mapToInt(Review::score).average().orElse(0);
	}

	/** The panel's verdict derived from its votes. */
	public enum PanelVerdict {

		SHIP("Ship"), SKIP("Skip"), SPLIT("Split");

		private final String label;

		PanelVerdict(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

}
