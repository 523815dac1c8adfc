package com.aitoolverdicts.digest.issue;

import com.aitoolverdicts.digest.catalog.Tool;

/** Two tools of one category compared in an issue; {@code a} has the smaller slug, as the site names pages. */
public record Pair(Tool a, Tool b) {

	public Pair {
		if (a.slug().compareTo(b.slug()) > 0) {
			Tool swap = a;
			a = b;
			b = swap;
		}
	}

	/** The comparison page's name, {@code {slug-a}-vs-{slug-b}}. */
	public String compareSlug() {
		return this.a.slug() + "-vs-" + this.b.slug();
	}

}
