package com.aitoolverdicts.digest.subscriber;

import java.util.Locale;
import java.util.Optional;

/** Whether a subscriber gets the digest. Only {@code ACTIVE} subscribers are mailed. */
public enum SubscriberStatus {

	ACTIVE, UNSUBSCRIBED, BOUNCED;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<SubscriberStatus> parse(String text) {
		for (SubscriberStatus status : values()) {
			if (status.code().equalsIgnoreCase(text.strip())) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
