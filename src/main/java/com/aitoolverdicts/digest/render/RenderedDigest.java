package com.aitoolverdicts.digest.render;

import java.util.function.Supplier;

/**
 * One subscriber's digest, ready to be put into a message. A digest filled from its audience's
 * shared rendering carries its HTML and text already in quoted-printable, which is all a message
 * needs; the HTML and text themselves are then put together only when asked for (a preview, a
 * check), not for every reader of a send: as strings they were a fifth of the JVM's sampled
 * CPU in a send (JFR), for nothing.
 */
public final class RenderedDigest {

	private final String subject;

	private final Supplier<String> html;

	private final Supplier<String> text;

	private final Encoded encoded;

	public RenderedDigest(String subject, String html, String text) {
		this(subject, () -> html, () -> text, null);
	}

	private RenderedDigest(String subject, Supplier<String> html, Supplier<String> text, Encoded encoded) {
		this.subject = subject;
		this.html = html;
		this.text = text;
		this.encoded = encoded;
	}

	/** A digest whose parts come encoded; {@code html} and {@code text} give what they encode, when asked. */
	static RenderedDigest encoded(String subject, Supplier<String> html, Supplier<String> text, Encoded encoded) {
		return new RenderedDigest(subject, html, text, encoded);
	}

	public String subject() {
		return this.subject;
	}

	public String html() {
		return this.html.get();
	}

	public String text() {
		return this.text.get();
	}

	/** The parts in quoted-printable as they came, or {@code null} when they are encoded when asked for. */
	Encoded encoded() {
		return this.encoded;
	}

	/** The HTML part in quoted-printable. */
	public byte[] htmlQuotedPrintable() {
		return QuotedPrintable.join(htmlSegments());
	}

	/** The plain-text part in quoted-printable. */
	public byte[] textQuotedPrintable() {
		return QuotedPrintable.join(textSegments());
	}

	/**
	 * The HTML part in quoted-printable, as the segments that make it one after another: most are
	 * the audience's, shared by every reader, so a message can be written from them without
	 * copying them into one array first.
	 */
	public byte[][] htmlSegments() {
		return (this.encoded != null) ? this.encoded.html() : new byte[][] { QuotedPrintable.encode(html()) };
	}

	/** The plain-text part in quoted-printable, as segments (see {@link #htmlSegments()}). */
	public byte[][] textSegments() {
		return (this.encoded != null) ? this.encoded.text() : new byte[][] { QuotedPrintable.encode(text()) };
	}

	/** The same digest with {@code prefix} before its subject, cut again to the subject's length. */
	public RenderedDigest withSubjectPrefix(String prefix) {
		return new RenderedDigest(Templates.oneLine(prefix + this.subject), this.html, this.text, this.encoded);
	}

	/** Equal when subject, HTML and text are: how the parts are carried takes no part. */
	@Override
	public boolean equals(Object other) {
		return other instanceof RenderedDigest digest && this.subject.equals(digest.subject)
				&& html().equals(digest.html()) && text().equals(digest.text());
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.subject.hashCode() + html().hashCode()) + text().hashCode();
	}

	@Override
	public String toString() {
		return "RenderedDigest[subject=" + this.subject + ", html=" + html().length() + " characters, text="
				+ text().length() + " characters]";
	}

	/** The two parts in quoted-printable, each as segments to be joined. */
	record Encoded(byte[][] html, byte[][] text) {
	}

}
