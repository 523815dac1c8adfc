package com.aitoolverdicts.digest.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Quoted-printable (RFC 2045, section 6.7) of UTF-8 text, the transfer encoding of the digest's
 * parts. Jakarta Mail encodes a part as it writes it, a byte at a time through three stream
 * layers, after scanning the text to choose the encoding: for a 30 KB digest that was the send's
 * largest cost. Here a whole text is encoded in one pass, and a shared rendering is encoded once
 * per audience, in segments that each end with a soft line break, so that a reader's digest is
 * the audience's encoded segments with the reader's own few values encoded between them. Line
 * breaks become CRLF; no line is longer than 76 characters, and none starts with a dot (it is
 * written "=2E"): SMTP would have to double such a dot (RFC 5321, section 4.5.2), and a message
 * made of these lines can go to the socket without being scanned for them.
 */
public final class QuotedPrintable {

	private static final int MAX_LINE = 76;

	private static final byte LITERAL = 0;

	private static final byte SPACE = 1;

	private static final byte ESCAPE = 2;

	private static final byte BREAK = 3;

	private static final byte[] KIND = new byte[256];

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NONE = new byte[0];

	static {
		for (int b = 0; b < 256; b++) {
			KIND[b] = (b >= 33 && b <= 126 && b != '=') ? LITERAL
					: (b == ' ' || b == '\t') ? SPACE : (b == '\r' || b == '\n') ? BREAK : ESCAPE;
		}
	}

	private QuotedPrintable() {
	}

	/** {@code text}, encoded whole. */
	public static byte[] encode(String text) {
		return encode(text, false);
	}

	/**
	 * {@code text} encoded so that what follows starts a line of its own: it ends with a soft line
	 * break ("=" CRLF, which decodes to nothing) unless it is empty or ends with a line break. Such
	 * segments can be joined in any order and decode to the joined texts.
	 */
	static byte[] segment(String text) {
		if (text.isEmpty()) {
			return NONE;
		}
		char last = text.charAt(text.length() - 1);
		return encode(text, last != '\n' && last != '\r');
	}

	/** The segments, joined (also how a message is assembled from its headers and encoded parts). */
	public static byte[] join(byte[]... segments) {
		int length = 0;
		for (byte[] segment : segments) {
			length += segment.length;
		}
		byte[] joined = new byte[length];
		int at = 0;
		for (byte[] segment : segments) {
			System.arraycopy(segment, 0, joined, at, segment.length);
			at += segment.length;
		}
		return joined;
	}

	private static byte[] encode(String text, boolean softEnd) {
		byte[] in = text.getBytes(StandardCharsets.UTF_8);
		int n = in.length;
		// At most 3 bytes for each byte, a soft break ("=" CRLF) for each 25 of them, and one at the end.
		byte[] out = new byte[3 * n + 3 * (n / 25) + 8];
		int o = 0;
		int column = 0;
		for (int i = 0; i < n; i++) {
			int b = in[i] & 0xff;
			byte kind = KIND[b];
			if (kind == BREAK) {
				if (b == '\r' && i + 1 < n && in[i + 1] == '\n') {
					i++;
				}
				out[o++] = '\r';
				out[o++] = '\n';
				column = 0;
				continue;
			}
			// A line ends here when a line break follows, or the text ends without a soft break.
			boolean lineEnds = (i + 1 == n) ? !softEnd : KIND[in[i + 1] & 0xff] == BREAK;
			if (kind == SPACE && lineEnds) {
				kind = ESCAPE;
			}
			int width = (kind == ESCAPE) ? 3 : 1;
			// Room for a soft break ("=") after this character, unless the line ends right here.
			if (column + width > (lineEnds ? MAX_LINE : MAX_LINE - 1)) {
				out[o++] = '=';
				out[o++] = '\r';
				out[o++] = '\n';
				column = 0;
			}
			if (column == 0 && b == '.') {
				// No line starts with a dot, so the message needs no dot-stuffing in SMTP's DATA.
				kind = ESCAPE;
				width = 3;
			}
			if (kind == ESCAPE) {
				out[o++] = '=';
				out[o++] = HEX[b >> 4];
				out[o++] = HEX[b & 0xf];
			}
			else {
				out[o++] = (byte) b;
			}
			column += width;
		}
		if (softEnd) {
			out[o++] = '=';
			out[o++] = '\r';
			out[o++] = '\n';
		}
		return Arrays.copyOf(out, o);
	}

	/** The text {@code encoded} stands for, its line breaks as "\n"; for checking an encoding. */
	static String decode(byte[] encoded) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
		for (int i = 0; i < encoded.length; i++) {
			byte b = encoded[i];
			if (b == '=' && i + 2 < encoded.length && encoded[i + 1] == '\r' && encoded[i + 2] == '\n') {
				i += 2;
			}
			else if (b == '=' && i + 2 < encoded.length) {
				out.write(Integer.parseInt(new String(encoded, i + 1, 2, StandardCharsets.US_ASCII), 16));
				i += 2;
			}
			else if (b == '\r' && i + 1 < encoded.length && encoded[i + 1] == '\n') {
				out.write('\n');
				i++;
			}
			else {
				out.write(b);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

}
