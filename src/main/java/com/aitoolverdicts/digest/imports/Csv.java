package com.aitoolverdicts.digest.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; lines end in
 * CRLF or LF. Each record keeps the line it starts on, for error messages.
 */
final class Csv {

	private Csv() {
	}

	record Row(int line, List<String> fields) {
	}

	static final class MalformedCsvException extends Exception {

		private final int line;

		MalformedCsvException(int line, String message) {
			super(message);
			this.line = line;
		}

		int line() {
			return this.line;
		}

	}

	static List<Row> parse(String text) throws MalformedCsvException {
		List<Row> rows = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int line = 1;
		int rowLine = 1;
		boolean quoted = false;
		boolean fieldWasQuoted = false;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					if (c == '\n') {
						line++;
					}
					field.append(c);
				}
			}
			else if (c == '"') {
				if (field.length() > 0 || fieldWasQuoted) {
					throw new MalformedCsvException(line, "a quote inside an unquoted field (quote the whole field)");
				}
				quoted = true;
				fieldWasQuoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				fieldWasQuoted = false;
			}
			else if (c == '\r' || c == '\n') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				fields.add(field.toString());
				field.setLength(0);
				fieldWasQuoted = false;
				if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
					rows.add(new Row(rowLine, List.copyOf(fields)));
				}
				fields.clear();
				line++;
				rowLine = line;
			}
			else {
				if (fieldWasQuoted) {
					throw new MalformedCsvException(line, "text after a closing quote");
				}
				field.append(c);
			}
			i++;
		}
		if (quoted) {
			throw new MalformedCsvException(rowLine, "a quoted field is never closed");
		}
		if (field.length() > 0 || !fields.isEmpty() || fieldWasQuoted) {
			fields.add(field.toString());
			rows.add(new Row(rowLine, List.copyOf(fields)));
		}
		return rows;
	}

}
