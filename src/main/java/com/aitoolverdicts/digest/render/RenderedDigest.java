package com.aitoolverdicts.digest.render;

/** One subscriber's digest, ready to be put into a message. */
public record RenderedDigest(String subject, String html, String text) {

	/** The same digest with {@code prefix} before its subject, cut again to the subject's length. */
	public RenderedDigest withSubjectPrefix(String prefix) {
		return new RenderedDigest(Templates.oneLine(prefix + this.subject), this.html, this.text);
	}

}
