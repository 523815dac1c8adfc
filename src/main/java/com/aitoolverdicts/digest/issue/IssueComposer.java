package com.aitoolverdicts.digest.issue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.catalog.Tool;

import org.springframework.stereotype.Service;

/**
 * Composes a week's issue from the tools published in it, or returns the issue already frozen
 * for that week, so that a restart or rerun sends exactly what the first run composed.
 */
@Service
public class IssueComposer {

	private final CatalogRepository catalog;

	private final IssueRepository issues;

	private final DigestProperties properties;

	private final Clock clock;

	IssueComposer(CatalogRepository catalog, IssueRepository issues, DigestProperties properties, Clock clock) {
		this.catalog = catalog;
		this.issues = issues;
		this.properties = properties;
		this.clock = clock;
	}

	/** The frozen issue of {@code week}, composing and freezing it first if needed; empty when nothing is new. */
	public Optional<Issue> composeOrLoad(IsoWeek week) {
		return frozenOr(week,
				(selection) -> this.issues.freeze(week, this.properties.getZone(), selection, this.clock.instant()));
	}

	/** What the issue of {@code week} is or would be, without freezing anything. */
	public Optional<Issue> preview(IsoWeek week) {
		return frozenOr(week,
				(selection) -> new Issue(0, week, IssueState.COMPOSED, this.clock.instant(), null,
						week.start(this.properties.getZone()), week.end(this.properties.getZone()), selection.pairs(),
						selection.alsoNew()));
	}

	private Optional<Issue> frozenOr(IsoWeek week, Function<PairSelector.Selection, Issue> compose) {
		Optional<Issue> frozen = this.issues.find(week);
		if (frozen.isPresent()) {
			return frozen;
		}
		PairSelector.Selection selection = select(week);
		return selection.isEmpty() ? Optional.empty() : Optional.of(compose.apply(selection));
	}

	/**
	 * The week's new tools, the established tools of their categories reviewed in the look-back, and
	 * the pairs of recent issues, chosen from by {@link PairSelector}.
	 */
	private PairSelector.Selection select(IsoWeek week) {
		Instant start = week.start(this.properties.getZone());
		List<Tool> fresh = this.catalog.publishedBetween(start, week.end(this.properties.getZone()));
		int lookback = this.properties.getPartnerLookbackWeeks();
		Set<String> categories = fresh.stream().map(Tool::category).collect(Collectors.toSet());
		List<Tool> established = (lookback == 0 || fresh.isEmpty()) ? List.of()
				: this.catalog.publishedBetween(week.minusWeeks(lookback).start(this.properties.getZone()), start)
					.stream()
					.filter((tool) -> categories.contains(tool.category()))
					.toList();
		Set<String> featured = this.issues.pairsFeaturedBefore(week, this.properties.getRepeatCooldownWeeks());
		PairScorer scorer = new PairScorer(this.properties.getPairWeights().toWeights(), start, lookback);
		return PairSelector.select(fresh, established, featured, scorer);
	}

}
