package com.aitoolverdicts.digest.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.aitoolverdicts.digest.subscriber.SubscriberRepository.SubscriberRow;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Parses and validates a subscribers CSV file (FORMATS.md) as a whole: either every record is
 * valid, or an {@link InvalidImportException} lists every problem with its record and line.
 */
public final class SubscribersFile {

	private static final List<String> COLUMNS = List.of("email", "name", "categories", "status");

	private SubscribersFile() {
	}

	public static List<SubscriberRow> read(Path file) {
		return parse(file, ImportFiles.readUtf8(file));
	}

	public static List<SubscriberRow> parse(Path file, String text) {
		List<Csv.Row> rows;
		try {
			rows = Csv.parse(ImportFiles.withoutBom(text));
		}
		catch (Csv.MalformedCsvException ex) {
			throw new InvalidImportException(file,
					List.of(new ImportProblem("line " + ex.line(), "CSV", null, "is malformed: " + ex.getMessage())));
		}
		if (rows.isEmpty()) {
			throw new InvalidImportException(file, List.of(new ImportProblem("line 1", "header", null,
					"is missing: the first line must name the columns, like email,name,categories,status")));
		}
		List<ImportProblem> problems = new ArrayList<>();
		Map<String, Integer> columns = header(rows.get(0), problems);
		if (!problems.isEmpty()) {
			throw new InvalidImportException(file, problems);
		}
		List<SubscriberRow> result = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (int r = 1; r < rows.size(); r++) {
			Csv.Row row = rows.get(r);
			String place = "record " + r + " (line " + row.line() + ")";
			if (row.fields().size() != columns.size()) {
				problems.add(new ImportProblem(place, "record", String.join(",", row.fields()),
						"has " + row.fields().size() + " fields but the header has " + columns.size()));
				continue;
			}
			int before = problems.size();
			String email = email(place, field(row, columns, "email"), problems);
			String name = name(place, field(row, columns, "name"), problems);
			List<String> categories = columns.containsKey("categories")
					? categories(place, field(row, columns, "categories"), problems) : null;
			SubscriberStatus status = status(place, field(row, columns, "status"), problems);
			if (email != null) {
				Integer first = seen.putIfAbsent(email.toLowerCase(Locale.ROOT), r);
				if (first != null) {
					problems.add(new ImportProblem(place, "email", email,
							"appears twice (first in record " + first + "; addresses are compared ignoring case)"));
				}
			}
			if (problems.size() == before) {
				result.add(new SubscriberRow(email, name, categories, status));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidImportException(file, problems);
		}
		return result;
	}

	private static Map<String, Integer> header(Csv.Row header, List<ImportProblem> problems) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.fields().size(); i++) {
			String column = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
			if (!COLUMNS.contains(column)) {
				problems.add(new ImportProblem("line 1 (header)", "column " + (i + 1), header.fields().get(i),
						"is not a known column; expected " + String.join(", ", COLUMNS)));
			}
			else if (columns.putIfAbsent(column, i) != null) {
				problems.add(new ImportProblem("line 1 (header)", "column " + (i + 1), column, "appears twice"));
			}
		}
		if (!columns.containsKey("email")) {
			problems.add(new ImportProblem("line 1 (header)", "email", null, "column is required"));
		}
		return columns;
	}

	private static String field(Csv.Row row, Map<String, Integer> columns, String column) {
		Integer index = columns.get(column);
		return (index == null) ? "" : row.fields().get(index);
	}

	private static String email(String place, String value, List<ImportProblem> problems) {
		String email = value.strip();
		if (email.isEmpty()) {
			problems.add(new ImportProblem(place, "email", null, "is required"));
			return null;
		}
		String reason = addressProblem(email);
		if (reason != null) {
			problems.add(new ImportProblem(place, "email", value, reason));
			return null;
		}
		return email;
	}

	/** Why a mail server would refuse {@code email} as a recipient, or {@code null} when it is fine. */
	static String addressProblem(String email) {
		if (email.length() > 254) {
			return "is longer than 254 characters";
		}
		if (email.chars().anyMatch((c) -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
			return "contains a space, line break or control character";
		}
		try {
			InternetAddress address = new InternetAddress(email, true);
			address.validate();
			if (address.getPersonal() != null || !address.getAddress().equals(email)) {
				return "must be a bare address, without a display name";
			}
		}
		catch (AddressException ex) {
			return "is not a valid email address (" + ex.getMessage() + ")";
		}
		int at = email.lastIndexOf('@');
		if (at < 1 || at == email.length() - 1) {
			return "is not a valid email address (expected local-part@domain)";
		}
		String domain = email.substring(at + 1);
		if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.startsWith("[")) {
			return "is not a valid email address (the domain must be a name like example.com)";
		}
		return null;
	}

	/** The display name, or {@code null} when the record gives none (a known subscriber keeps theirs). */
	private static String name(String place, String value, List<ImportProblem> problems) {
		String name = value.strip();
		if (name.length() > 300) {
			problems.add(new ImportProblem(place, "name", value, "is longer than 300 characters"));
			return null;
		}
		if (name.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			problems.add(new ImportProblem(place, "name", value, "must not contain a line break or control character"));
			return null;
		}
		return name.isEmpty() ? null : name;
	}

	private static List<String> categories(String place, String value, List<ImportProblem> problems) {
		Set<String> categories = new LinkedHashSet<>();
		for (String category : Arrays.stream(value.split(";")).map(String::strip).toList()) {
			if (category.length() > 200) {
				problems.add(new ImportProblem(place, "categories", category, "a category is longer than 200 characters"));
			}
			else if (!category.isEmpty()) {
				categories.add(category);
			}
		}
		return List.copyOf(categories);
	}

	/** The status the record asks for, or {@code null} when it says none (new: active; known: unchanged). */
	private static SubscriberStatus status(String place, String value, List<ImportProblem> problems) {
		if (value.isBlank()) {
			return null;
		}
		return SubscriberStatus.parse(value).orElseGet(() -> {
			problems.add(new ImportProblem(place, "status", value, "must be active, unsubscribed or bounced"));
			return null;
		});
	}

}
