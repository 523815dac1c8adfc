package com.aitoolverdicts.digest.subscriber;

import java.util.List;

/**
 * A reader of the digest. {@code name} is {@code null} when unknown; an empty {@code categories}
 * list means every category.
 */
public record Subscriber(long id, String email, String name, SubscriberStatus status, List<String> categories) {

	public Subscriber {
		categories = List.copyOf(categories);
	}

	public Subscriber withCategories(List<String> categories) {
		return new Subscriber(this.id, this.email, this.name, this.status, categories);
	}

}
