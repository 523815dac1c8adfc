package com.aitoolverdicts.digest.issue;

import java.util.Locale;

/** Where an issue is in its life: composed, being sent, sent to everyone, or failed part-way. */
public enum IssueState {

	COMPOSED, SENDING, SENT, FAILED;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static IssueState of(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
