package com.aitoolverdicts.digest.catalog;

import java.util.Locale;
import java.util.Optional;

/** A reviewer's call on a tool. */
public enum Verdict {

	SHIP, SKIP;

	/** The lower-case form used in files and in the database. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** "Ship" or "Skip", as the site shows it. */
	public String label() {
		return this == SHIP ? "Ship" : "Skip";
	}

	/** Parses {@code ship} or {@code skip}, in any case. */
	public static Optional<Verdict> parse(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "ship" -> Optional.of(SHIP);
			case "skip" -> Optional.of(SKIP);
			default -> Optional.empty();
		};
	}

}
