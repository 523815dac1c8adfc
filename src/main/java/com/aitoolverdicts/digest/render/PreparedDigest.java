package com.aitoolverdicts.digest.render;

import java.util.ArrayList;
import java.util.List;

import com.aitoolverdicts.digest.render.DigestViews.Personal;

/**
 * An audience's digest rendered once, with a placeholder wherever a reader's own part goes
 * (greeting, reason, address, unsubscribe link): filling the placeholders gives exactly what
 * rendering the templates for that reader gives, at the cost of a few string copies.
 */
final class PreparedDigest {

	private static final char OPEN = '\uE000';

	private static final char CLOSE = '\uE001';

	private final Part subject;

	private final Part html;

	private final TextPart text;

	private PreparedDigest(Part subject, Part html, TextPart text) {
		this.subject = subject;
		this.html = html;
		this.text = text;
	}

	/** The reader's own parts as placeholders: characters of Unicode's private use area, which no escaping touches. */
	static Personal placeholders() {
		return new Personal(placeholder(0), placeholder(1), placeholder(2), placeholder(3), placeholder(4));
	}

	private static String placeholder(int field) {
		return OPEN + Integer.toString(field) + CLOSE;
	}

	/**
	 * Splits the rendered templates at the placeholders; {@code null} when the issue's own text holds
	 * the placeholder characters, so that splitting would be ambiguous.
	 */
	static PreparedDigest split(String subject, String html, String text) {
		Part subjectPart = Part.of(subject);
		Part htmlPart = Part.of(html);
		TextPart textPart = TextPart.of(text);
		return (subjectPart == null || htmlPart == null || textPart == null) ? null
				: new PreparedDigest(subjectPart, htmlPart, textPart);
	}

	/**
	 * The digest of one reader: {@code escaped} are the reader's parts escaped for HTML, {@code plain}
	 * as they are. Its parts come encoded, from segments encoded once for the audience; its HTML and
	 * text are filled in only if asked for.
	 */
	RenderedDigest fill(String[] escaped, String[] plain) {
		String[] text = this.text.lines(plain);
		return RenderedDigest.encoded(Templates.oneLine(this.subject.fill(plain)), () -> this.html.fill(escaped),
				() -> this.text.fill(text), new RenderedDigest.Encoded(this.html.encode(escaped), this.text.encode(text)));
	}

	static String[] values(Personal personal) {
		return new String[] { personal.greeting(), personal.reason(), personal.email(), personal.unsubscribeUrl(),
				personal.unsubscribeMailto() };
	}

	/**
	 * The plain-text part, wrapped once: lines without a reader's part are wrapped when the audience
	 * is rendered; only the few lines that hold one are filled and wrapped per reader. Wrapping works
	 * line by line, so the result is the same as wrapping the filled text whole.
	 */
	private record TextPart(List<Object> segments, byte[][] encoded) {

		static TextPart of(String rendered) {
			List<Object> segments = new ArrayList<>();
			StringBuilder wrapped = new StringBuilder();
			String[] lines = rendered.split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				String line = lines[i];
				String end = (i < lines.length - 1) ? "\n" : "";
				if (line.indexOf(OPEN) < 0 && line.indexOf(CLOSE) < 0) {
					wrapped.append(TextWrap.wrap(line)).append(end);
					continue;
				}
				Part part = Part.of(line);
				if (part == null) {
					return null;
				}
				segments.add(wrapped.toString());
				wrapped.setLength(0);
				segments.add(part);
				wrapped.append(end);
			}
			segments.add(wrapped.toString());
			byte[][] encoded = new byte[segments.size()][];
			for (int i = 0; i < segments.size(); i += 2) {
				encoded[i] = QuotedPrintable.segment((String) segments.get(i));
			}
			return new TextPart(segments, encoded);
		}

		/** The reader's lines: each line that holds a reader's part, filled and wrapped. */
		String[] lines(String[] values) {
			String[] lines = new String[this.segments.size() / 2];
			for (int i = 1; i < this.segments.size(); i += 2) {
				lines[i / 2] = TextWrap.wrap(((Part) this.segments.get(i)).fill(values));
			}
			return lines;
		}

		String fill(String[] lines) {
			StringBuilder out = new StringBuilder(8192);
			for (int i = 0; i < this.segments.size(); i++) {
				out.append((i % 2 == 0) ? (String) this.segments.get(i) : lines[i / 2]);
			}
			return out.toString();
		}

		/** The part in quoted-printable, as segments: the audience's, and the reader's lines between. */
		byte[][] encode(String[] lines) {
			byte[][] parts = new byte[this.segments.size()][];
			for (int i = 0; i < parts.length; i++) {
				parts[i] = (i % 2 == 0) ? this.encoded[i] : QuotedPrintable.segment(lines[i / 2]);
			}
			return parts;
		}

	}

	/** Literal text and the fields between: {@code literals[0] fields[0] literals[1] ... literals[n]}. */
	private record Part(String[] literals, int[] fields, int length, byte[][] encoded) {

		static Part of(String rendered) {
			List<String> literals = new ArrayList<>();
			List<Integer> fields = new ArrayList<>();
			int from = 0;
			int open;
			while ((open = rendered.indexOf(OPEN, from)) >= 0) {
				int close = rendered.indexOf(CLOSE, open);
				if (close < 0 || close - open < 2 || close - open > 2) {
					return null;
				}
				int field = rendered.charAt(open + 1) - '0';
				if (field < 0 || field > 4) {
					return null;
				}
				literals.add(rendered.substring(from, open));
				fields.add(field);
				from = close + 1;
			}
			literals.add(rendered.substring(from));
			for (String literal : literals) {
				if (literal.indexOf(CLOSE) >= 0) {
					return null;
				}
			}
			return new Part(literals.toArray(String[]::new), fields.stream().mapToInt(Integer::intValue).toArray(),
					literals.stream().mapToInt(String::length).sum(),
					literals.stream().map(QuotedPrintable::segment).toArray(byte[][]::new));
		}

		/** {@link #fill} in quoted-printable, as segments: the literals encoded once, the values now. */
		byte[][] encode(String[] values) {
			byte[][] parts = new byte[2 * this.fields.length + 1][];
			for (int i = 0; i < this.fields.length; i++) {
				parts[2 * i] = this.encoded[i];
				parts[2 * i + 1] = QuotedPrintable.segment(values[this.fields[i]]);
			}
			parts[2 * this.fields.length] = this.encoded[this.fields.length];
			return parts;
		}

		String fill(String[] values) {
			StringBuilder out = new StringBuilder(this.length + 256);
			for (int i = 0; i < this.fields.length; i++) {
				out.append(this.literals[i]).append(values[this.fields[i]]);
			}
			return out.append(this.literals[this.fields.length]).toString();
		}

	}

}
