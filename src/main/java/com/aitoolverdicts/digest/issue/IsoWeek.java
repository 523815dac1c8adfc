package com.aitoolverdicts.digest.issue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week such as {@code 2026-W47}: Monday 00:00 to the next Monday 00:00 in a zone.
 * The digest's identity: one issue per week.
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {

	private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{2})");

	public IsoWeek {
		long weeks = LocalDate.of(year, 6, 1).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
		if (week < 1 || week > weeks) {
			throw new IllegalArgumentException(year + " has ISO weeks 1 to " + weeks + ", not " + week);
		}
	}

	/** Parses {@code 2026-W47}; the message of the exception says what was expected. */
	public static IsoWeek parse(String text) {
		Matcher matcher = FORMAT.matcher(text.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("must look like 2026-W47 but was '" + text + "'");
		}
		return new IsoWeek(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
	}

	/** The week {@code date} falls in. */
	public static IsoWeek of(LocalDate date) {
		return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
	}

	/** The last week that has ended by {@code now} in {@code zone}: the week before the current one. */
	public static IsoWeek lastCompleted(Instant now, ZoneId zone) {
		return of(now.atZone(zone).toLocalDate()).minusWeeks(1);
	}

	public LocalDate monday() {
		return LocalDate.of(this.year, 1, 4)
			.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, this.week)
			.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	public LocalDate sunday() {
		return monday().plusDays(6);
	}

	/** Monday 00:00 of this week in {@code zone}, inclusive. */
	public Instant start(ZoneId zone) {
		return monday().atStartOfDay(zone).toInstant();
	}

	/** Monday 00:00 of the next week in {@code zone}, exclusive. */
	public Instant end(ZoneId zone) {
		return monday().plusWeeks(1).atStartOfDay(zone).toInstant();
	}

	public IsoWeek minusWeeks(int weeks) {
		return of(monday().minusWeeks(weeks));
	}

	@Override
	public int compareTo(IsoWeek other) {
		return monday().compareTo(other.monday());
	}

	@Override
	public String toString() {
		if (this.year < 1000 || this.year > 9999) {
			return String.format("%04d-W%02d", this.year, this.week);
		}
		// Not String.format: a message's ID and boundary hold the week, so this runs twice a message.
		return this.year + ((this.week < 10) ? "-W0" : "-W") + this.week;
	}

}
