package com.aitoolverdicts.digest.render;

/**
 * One subscriber's digest, ready to be put into a message. {@code encoded}, when present, holds
 * the HTML and the text already in quoted-printable, from the audience's shared rendering; it
 * stands for {@code html} and {@code text} and takes no part in equality.
 */
public record RenderedDigest(String subject, String html, String text, Encoded encoded) {

	public RenderedDigest(String subject, String html, String text) {
		this(subject, html, text, null);
	}

	/** The HTML part in quoted-printable. */
	public byte[] htmlQuotedPrintable() {
		return (this.encoded != null) ? this.encoded.html() : QuotedPrintable.encode(this.html);
	}

	/** The plain-text part in quoted-printable. */
	public byte[] textQuotedPrintable() {
		return (this.encoded != null) ? this.encoded.text() : QuotedPrintable.encode(this.text);
	}

	/** The same digest with {@code prefix} before its subject, cut again to the subject's length. */
	public RenderedDigest withSubjectPrefix(String prefix) {
		return new RenderedDigest(Templates.oneLine(prefix + this.subject), this.html, this.text, this.encoded);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RenderedDigest digest && this.subject.equals(digest.subject)
				&& this.html.equals(digest.html) && this.text.equals(digest.text);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.subject.hashCode() + this.html.hashCode()) + this.text.hashCode();
	}

	@Override
	public String toString() {
		return "RenderedDigest[subject=" + this.subject + ", html=" + this.html.length() + " characters, text="
				+ this.text.length() + " characters]";
	}

	/** The two parts in quoted-printable. */
	public record Encoded(byte[] html, byte[] text) {
	}

}
