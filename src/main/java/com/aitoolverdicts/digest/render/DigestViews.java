package com.aitoolverdicts.digest.render;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.issue.Pair;
import com.aitoolverdicts.digest.render.DigestView.PairView;
import com.aitoolverdicts.digest.render.DigestView.PersonaRow;
import com.aitoolverdicts.digest.render.DigestView.ScoreView;
import com.aitoolverdicts.digest.render.DigestView.ToolView;
import com.aitoolverdicts.digest.subscriber.Subscriber;

/** Builds the view of one subscriber's digest from a frozen issue. Pure: values in, value out. */
public final class DigestViews {

	static final String NEWSLETTER = "Weekly AI Tool Verdicts";

	static final String STRAPLINE = "New AI tools ship daily. We compare them before you waste an afternoon.";

	private static final int EXCERPT_LENGTH = 140;

	private static final String SHIP_COLOR = "#137333";

	private static final String SKIP_COLOR = "#b3261e";

	private static final String SPLIT_COLOR = "#9a5b00";

	private DigestViews() {
	}

	public static DigestView of(Issue issue, Subscriber subscriber, String siteBaseUrl) {
		List<PairView> pairs = new ArrayList<>();
		for (Pair pair : issue.pairs()) {
			pairs.add(pair(pairs.size() + 1, pair, siteBaseUrl));
		}
		List<ToolView> alsoNew = issue.alsoNew().stream().map(DigestViews::tool).toList();
		String headline = headline(issue);
		String greeting = (subscriber.name() != null) ? "Hi " + subscriber.name() + "," : "Hi there,";
		String following = subscriber.categories().isEmpty() ? "every category"
				: String.join(", ", subscriber.categories());
		String reason = "You get this email because " + subscriber.email() + " subscribed to " + NEWSLETTER
				+ " (following " + following + ").";
		return new DigestView(NEWSLETTER, STRAPLINE, issue.week().toString(), weekRange(issue.week()), headline,
				preheader(issue), greeting, intro(issue), pairs, !alsoNew.isEmpty(), alsoNew, reason, subscriber.email(),
				siteBaseUrl + "/unsubscribe/" + subscriber.unsubscribeToken(), siteBaseUrl);
	}

	static String headline(Issue issue) {
		if (issue.pairs().isEmpty()) {
			return plural(issue.alsoNew().size(), "new tool") + " reviewed by the panel";
		}
		String first = title(issue.pairs().get(0));
		int more = issue.pairs().size() - 1;
		return (more == 0) ? first : first + " and " + plural(more, "more comparison");
	}

	private static String preheader(Issue issue) {
		return plural(issue.toolCount(), "new tool") + " this week, " + plural(issue.pairs().size(), "head-to-head")
				+ ": scores and verdicts from the Builder, Skeptic, Futurist and Founder.";
	}

	private static String intro(Issue issue) {
		return "The panel reviewed " + plural(issue.toolCount(), "new tool") + " this week. "
				+ (issue.pairs().isEmpty() ? "None shared a category, so no head-to-head this time."
						: "Here " + (issue.pairs().size() == 1 ? "is the comparison" : "are the comparisons")
								+ " worth your time, the most disputed first.");
	}

	private static String weekRange(IsoWeek week) {
		DateTimeFormatter dayMonthYear = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
		DateTimeFormatter dayMonth = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
		DateTimeFormatter day = DateTimeFormatter.ofPattern("d", Locale.ENGLISH);
		boolean sameYear = week.monday().getYear() == week.sunday().getYear();
		boolean sameMonth = sameYear && week.monday().getMonth() == week.sunday().getMonth();
		String from = (sameMonth ? day : sameYear ? dayMonth : dayMonthYear).format(week.monday());
		return from + "\u2013" + dayMonthYear.format(week.sunday());
	}

	private static PairView pair(int rank, Pair pair, String siteBaseUrl) {
		List<PersonaRow> rows = new ArrayList<>();
		for (Persona persona : Persona.values()) {
			ScoreView a = score(pair.a().review(persona).orElse(null));
			ScoreView b = score(pair.b().review(persona).orElse(null));
			String textLine = String.format("%-9s %4s %-5s | %4s %-5s", persona.label(), a.score(), a.verdict(),
					b.score(), b.verdict());
			rows.add(new PersonaRow(persona.label(), a, b, textLine.stripTrailing()));
		}
		return new PairView(rank, title(pair), siteBaseUrl + "/compare/" + pair.compareSlug(), tool(pair.a()),
				tool(pair.b()), rows);
	}

	private static String title(Pair pair) {
		return pair.a().name() + " vs " + pair.b().name();
	}

	private static ToolView tool(Tool tool) {
		String verdict = tool.panelVerdict().label();
		String color = switch (tool.panelVerdict()) {
			case SHIP -> SHIP_COLOR;
			case SKIP -> SKIP_COLOR;
			case SPLIT -> SPLIT_COLOR;
		};
		String community = (tool.communityShip() == 0 && tool.communitySkip() == 0) ? "No community votes yet"
				: tool.communityShip() + " ship / " + tool.communitySkip() + " skip";
		return new ToolView(tool.name(), initial(tool.name()), tool.vendor(), tool.category(), tool.tagline(), verdict,
				color, tool.shipVotes() + " ship / " + tool.skipVotes() + " skip", tool.shipPercent() + "% panel ship",
				tool.pricing(), tool.entryPrice(), tool.license(), community, tool.url());
	}

	private static ScoreView score(Review review) {
		if (review == null) {
			return new ScoreView("\u2013", "n/a", "#5f6368", null);
		}
		return new ScoreView(Integer.toString(review.score()), review.verdict().label(),
				review.verdict() == Verdict.SHIP ? SHIP_COLOR : SKIP_COLOR, excerpt(review.body()));
	}

	/** The first sentence of the reasoning, or its first words when that sentence is long. */
	static String excerpt(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		String text = body.strip().replaceAll("\\s+", " ");
		int end = text.indexOf(". ");
		String sentence = (end >= 0) ? text.substring(0, end + 1) : text;
		if (sentence.length() <= EXCERPT_LENGTH) {
			return sentence;
		}
		int cut = sentence.lastIndexOf(' ', EXCERPT_LENGTH - 1);
		return sentence.substring(0, (cut > EXCERPT_LENGTH / 2) ? cut : EXCERPT_LENGTH - 1).replaceAll("[,;:]$", "")
				+ "\u2026";
	}

	private static String initial(String name) {
		return new String(Character.toChars(Character.toUpperCase(name.codePointAt(0))));
	}

	private static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

}
