package com.aitoolverdicts.digest.render;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.subscriber.Subscriber;

import org.springframework.stereotype.Component;

/** Renders a subscriber's digest with the templates of {@code digest.templates-dir}, compiled on first use. */
@Component
public class DigestRenderer {

	private final DigestProperties properties;

	private volatile Templates templates;

	DigestRenderer(DigestProperties properties) {
		this.properties = properties;
	}

	public RenderedDigest render(Issue issue, Subscriber subscriber) {
		Templates compiled = templates();
		DigestView view = DigestViews.of(issue, subscriber, this.properties.getSiteBaseUrl());
		return new RenderedDigest(compiled.subject(view), compiled.html(view), compiled.text(view));
	}

	/** Compiles the templates now, so that a broken template stops a send before anything is sent. */
	public Templates templates() {
		Templates compiled = this.templates;
		if (compiled == null) {
			compiled = Templates.load(this.properties.getTemplatesDir());
			this.templates = compiled;
		}
		return compiled;
	}

}
