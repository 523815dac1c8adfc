package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.util.List;

import com.aitoolverdicts.digest.catalog.Tool;

/** A week's digest as frozen in the database: its comparison pairs, best first, and the unpaired new tools. */
public record Issue(long id, IsoWeek week, IssueState state, Instant composedAt, Instant sentAt, List<Pair> pairs,
		List<Tool> alsoNew) {

	public Issue {
		pairs = List.copyOf(pairs);
		alsoNew = List.copyOf(alsoNew);
	}

	public int toolCount() {
		return this.pairs.size() * 2 + this.alsoNew.size();
	}

}
