package com.aitoolverdicts.digest.issue;

import java.util.regex.Pattern;

import com.aitoolverdicts.digest.catalog.Tool;

/** Whether a tool is open (weights or source) or a paid API or plan, read from its pricing and licence text. */
enum Licensing {

	OPEN, PAID, UNKNOWN;

	private static final Pattern OPEN_TEXT = Pattern.compile(
			"(?i)open[ -]?weights?|open[ -]source|apache|\\bmit\\b|\\bbsd\\b|\\b[al]?gpl|\\bmpl\\b|\\bcc[ -]by|community licen[cs]e");

	private static final Pattern PAID_TEXT = Pattern.compile("(?i)proprietary|api only|pay[ -]per|pay-as-you-go"
			+ "|per[ -](token|seat|user|member|month|minute|query|run|manuscript)|/mo\\b|subscription|(?<!no )\\bpaid\\b|[$€£] ?[1-9]");

	static Licensing of(Tool tool) {
		String text = String.join(" ", nonNull(tool.license()), nonNull(tool.pricing()), nonNull(tool.entryPrice()));
		if (OPEN_TEXT.matcher(nonNull(tool.license())).find()
				|| OPEN_TEXT.matcher(nonNull(tool.pricing())).find() && !PAID_TEXT.matcher(nonNull(tool.license())).find()) {
			return OPEN;
		}
		return PAID_TEXT.matcher(text).find() ? PAID : UNKNOWN;
	}

	private static String nonNull(String text) {
		return (text != null) ? text : "";
	}

}
