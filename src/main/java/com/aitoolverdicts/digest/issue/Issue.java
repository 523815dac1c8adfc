package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.aitoolverdicts.digest.catalog.Tool;

/**
 * A week's digest as frozen in the database: its comparison pairs, best first, and the unpaired new
 * tools. A pair may hold an established tool (published before the window) partnering a new one.
 */
public record Issue(long id, IsoWeek week, IssueState state, Instant composedAt, Instant sentAt, Instant windowStart,
		Instant windowEnd, List<Pair> pairs, List<Tool> alsoNew) {

	public Issue {
		pairs = List.copyOf(pairs);
		alsoNew = List.copyOf(alsoNew);
	}

	/** Whether {@code tool}'s review was published in the issue's week. */
	public boolean isNew(Tool tool) {
		return !tool.publishedAt().isBefore(this.windowStart) && tool.publishedAt().isBefore(this.windowEnd);
	}

	/** Every tool new in the week: those in pairs, in rank order, then the unpaired ones. */
	public List<Tool> newTools() {
		List<Tool> tools = new ArrayList<>();
		for (Pair pair : this.pairs) {
			if (isNew(pair.a())) {
				tools.add(pair.a());
			}
			if (isNew(pair.b())) {
				tools.add(pair.b());
			}
		}
		tools.addAll(this.alsoNew);
		return tools;
	}

}
