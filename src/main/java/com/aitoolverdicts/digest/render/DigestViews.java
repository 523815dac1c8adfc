package com.aitoolverdicts.digest.render;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import com.aitoolverdicts.digest.issue.Audience;
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

	/** A persona's scores in the plain-text part: persona, then score and verdict of A, then of B, in columns. */
	private static final String TEXT_ROW = "%-9s %4s %-5s   %4s %-5s";

	private static final String SHIP_COLOR = "#137333";

	private static final String SKIP_COLOR = "#b3261e";

	private static final String SPLIT_COLOR = "#9a5b00";

	private DigestViews() {
	}

	/** The digest of {@code subscriber}, who is one of {@code audience}, with their unsubscribe links. */
	public static DigestView of(Issue issue, Audience audience, Subscriber subscriber, String unsubscribeUrl,
			String unsubscribeMailto, String siteBaseUrl) {
		return of(issue, audience, personal(subscriber, unsubscribeUrl, unsubscribeMailto), siteBaseUrl);
	}

	/** The digest of {@code audience} with the reader's own parts given as they are to be shown. */
	static DigestView of(Issue issue, Audience audience, Personal personal, String siteBaseUrl) {
		List<PairView> pairs = new ArrayList<>();
		for (Pair pair : audience.pairs()) {
			pairs.add(pair(pairs.size() + 1, pair, siteBaseUrl));
		}
		List<ToolView> alsoNew = audience.alsoNew().stream().map(DigestViews::tool).toList();
		return new DigestView(NEWSLETTER, STRAPLINE, issue.week().toString(), weekRange(issue.week()),
				headline(audience), preheader(audience), personal.greeting(), intro(audience), pairs,
				!alsoNew.isEmpty(), alsoNew, personal.reason(), personal.email(), personal.unsubscribeUrl(),
				personal.unsubscribeMailto(), siteBaseUrl);
	}

	/** The reader's own parts of the digest. */
	static Personal personal(Subscriber subscriber, String unsubscribeUrl, String unsubscribeMailto) {
		String greeting = (subscriber.name() != null) ? "Hi " + subscriber.name() + "," : "Hi there,";
		String following = subscriber.categories().isEmpty() ? "every category"
				: String.join(", ", subscriber.categories());
		String reason = "You get this email because " + subscriber.email() + " subscribed to " + NEWSLETTER
				+ " (following " + following + ").";
		return new Personal(greeting, reason, subscriber.email(), unsubscribeUrl, unsubscribeMailto);
	}

	static String headline(Audience audience) {
		if (audience.pairs().isEmpty()) {
			return plural(audience.newTools(), "new tool") + " reviewed by the panel";
		}
		String first = title(audience.pairs().get(0));
		int more = audience.pairs().size() - 1;
		return (more == 0) ? first : first + " and " + plural(more, "more comparison");
	}

	private static String preheader(Audience audience) {
		return plural(audience.newTools(), "new tool") + " this week, " + plural(audience.pairs().size(), "head-to-head")
				+ ": scores and verdicts from the Builder, Skeptic, Futurist and Founder.";
	}

	private static String intro(Audience audience) {
		return "The panel reviewed " + plural(audience.newTools(), "new tool") + " this week"
				+ (audience.everyCategory() ? ". " : " in the categories you follow. ")
				+ (audience.pairs().isEmpty() ? "None has a rival to compare it with this time."
						: (audience.pairs().size() == 1) ? "Here is the comparison worth your time."
								: "Here are the comparisons worth your time, best first.");
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
			String textLine = String.format(TEXT_ROW, persona.label(), a.score(), a.verdict(), b.score(), b.verdict());
			rows.add(new PersonaRow(persona.label(), a, b, textLine.stripTrailing()));
		}
		return new PairView(rank, title(pair), pair.rationale(), siteBaseUrl + "/compare/" + pair.compareSlug(), tool(pair.a()),
				tool(pair.b()), String.format(TEXT_ROW, "Panel", "A", "", "B", "").stripTrailing(), rows);
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

	/** The parts of a digest that are the reader's own, as shown (before any escaping). */
	record Personal(String greeting, String reason, String email, String unsubscribeUrl, String unsubscribeMailto) {
	}

}
