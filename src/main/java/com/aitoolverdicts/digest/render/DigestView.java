package com.aitoolverdicts.digest.render;

import java.util.List;

/**
 * What the templates see: everything is already a string to show, so templates hold no logic
 * beyond sections. Fields that may be absent are {@code null} and are used as sections.
 * {@code greeting}, {@code reason}, {@code email} and {@code unsubscribeUrl} are the reader's own;
 * everything else is the same for every reader of the same {@link com.aitoolverdicts.digest.issue.Audience}.
 */
public record DigestView(String newsletter, String strapline, String week, String weekRange, String headline,
		String preheader, String greeting, String intro, List<PairView> pairs, boolean hasAlsoNew, List<ToolView> alsoNew,
		String reason, String email, String unsubscribeUrl, String unsubscribeMailto, String siteUrl) {

	/** One comparison: two tools side by side and each persona's call on both. */
	public record PairView(int rank, String title, String rationale, String compareUrl, ToolView a, ToolView b,
			String textHeader, List<PersonaRow> personas) {
	}

	/** A tool as the site's comparison card shows it. */
	public record ToolView(String name, String initial, String vendor, String category, String tagline,
			String verdict, String verdictColor, String verdictTally, String shipPercent, String pricing,
			String entryPrice, String license, String community, String url) {
	}

	/** One persona's score and verdict on both tools, with the start of the reasoning. */
	public record PersonaRow(String persona, ScoreView first, ScoreView second, String textLine) {
	}

	/** A persona's score on one tool; {@code excerpt} is {@code null} when the persona did not review it. */
	public record ScoreView(String score, String verdict, String verdictColor, String excerpt) {
	}

}
