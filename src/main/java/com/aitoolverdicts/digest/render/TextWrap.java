package com.aitoolverdicts.digest.render;

/**
 * Wraps the plain-text part at {@value #WIDTH} columns, at spaces, keeping each line's indentation
 * (and lining continuation lines up under the text of a "* " bullet). A word longer than a line, a
 * link most often, is never broken: it stands on a line of its own.
 */
final class TextWrap {

	/** RFC 5322's recommended line length; what plain-text mail readers expect. */
	static final int WIDTH = 78;

	private TextWrap() {
	}

	static String wrap(String text) {
		StringBuilder out = new StringBuilder(text.length() + text.length() / 20);
		int start = 0;
		while (start <= text.length()) {
			int end = text.indexOf('\n', start);
			String line = text.substring(start, (end < 0) ? text.length() : end);
			wrapLine(line, out);
			if (end < 0) {
				break;
			}
			out.append('\n');
			start = end + 1;
		}
		return out.toString();
	}

	private static void wrapLine(String line, StringBuilder out) {
		if (line.codePointCount(0, line.length()) <= WIDTH) {
			out.append(line);
			return;
		}
		int indent = 0;
		while (indent < line.length() && line.charAt(indent) == ' ') {
			indent++;
		}
		String hanging = " ".repeat(indent + (line.startsWith("* ", indent) ? 2 : 0));
		String prefix = line.substring(0, indent);
		int column = 0;
		boolean lineHasWord = false;
		out.append(prefix);
		column = indent;
		for (String word : line.substring(indent).split(" +")) {
			if (word.isEmpty()) {
				continue;
			}
			int length = word.codePointCount(0, word.length());
			if (lineHasWord && column + 1 + length > WIDTH) {
				out.append('\n').append(hanging);
				column = hanging.length();
				lineHasWord = false;
			}
			if (lineHasWord) {
				out.append(' ');
				column++;
			}
			out.append(word);
			column += length;
			lineHasWord = true;
		}
	}

}
