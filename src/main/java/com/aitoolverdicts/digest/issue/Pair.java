package com.aitoolverdicts.digest.issue;

import com.aitoolverdicts.digest.catalog.Tool;

/**
 * Two tools of one category compared in an issue; {@code a} has the smaller slug, as the site names
 * pages. {@code score} and {@code rationale} say why it was chosen ({@code rationale} is {@code null}
 * for a pair made by hand).
 */
public record Pair(Tool a, Tool b, double score, String rationale) {

	public Pair {
		if (a.slug().compareTo(b.slug()) > 0) {
			Tool swap = a;
			a = b;
			b = swap;
		}
	}

	public Pair(Tool a, Tool b) {
		this(a, b, 0, null);
	}

	/** The comparison page's name, {@code {slug-a}-vs-{slug-b}}. */
	public String compareSlug() {
		return this.a.slug() + "-vs-" + this.b.slug();
	}

	public String category() {
		return this.a.category();
	}

}
