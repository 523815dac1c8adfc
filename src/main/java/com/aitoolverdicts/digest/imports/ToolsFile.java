package com.aitoolverdicts.digest.imports;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and validates a tools file (FORMATS.md) as a whole: either every tool is valid and the
 * list is returned, or an {@link InvalidImportException} lists every problem with its place.
 */
public final class ToolsFile {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private ToolsFile() {
	}

	public static List<Tool> read(Path file) {
		return parse(file, ImportFiles.readUtf8(file));
	}

	public static List<Tool> parse(Path file, String text) {
		JsonNode root;
		try {
			root = JSON.readTree(ImportFiles.withoutBom(text));
		}
		catch (JacksonException ex) {
			String place = (ex.getLocation() != null)
					? "line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "file";
			throw new InvalidImportException(file,
					List.of(new ImportProblem(place, "JSON", null, "is not valid JSON: " + ex.getOriginalMessage())));
		}
		List<ImportProblem> problems = new ArrayList<>();
		if (root == null || !root.isObject() || !root.path("tools").isArray()) {
			problems.add(new ImportProblem("file", "tools", null, "must be an object with a \"tools\" array"));
			throw new InvalidImportException(file, problems);
		}
		List<Tool> tools = new ArrayList<>();
		Map<String, Integer> slugs = new HashMap<>();
		JsonNode array = root.get("tools");
		for (int i = 0; i < array.size(); i++) {
			Checker check = new Checker(problems, "tools[" + i + "]", array.get(i));
			Tool tool = check.tool();
			if (tool != null) {
				Integer first = slugs.putIfAbsent(tool.slug(), i);
				if (first != null) {
					problems.add(new ImportProblem(check.place, "slug", tool.slug(),
							"appears twice (first at tools[" + first + "])"));
				}
				tools.add(tool);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidImportException(file, problems);
		}
		return tools;
	}

	/** Validates one tool object, collecting problems instead of stopping at the first. */
	private static final class Checker {

		private final List<ImportProblem> problems;

		private final JsonNode node;

		private String place;

		private boolean valid = true;

		Checker(List<ImportProblem> problems, String place, JsonNode node) {
			this.problems = problems;
			this.place = place;
			this.node = node;
		}

		Tool tool() {
			if (!this.node.isObject()) {
				problem("tool", this.node.toString(), "must be an object");
				return null;
			}
			String slug = text("slug", true, 200);
			if (slug != null) {
				this.place = this.place + " (" + slug + ")";
				if (!SLUG.matcher(slug).matches()) {
					problem("slug", slug, "must be lower-case letters, digits and single hyphens, like code-llama-4");
				}
			}
			String name = text("name", true, 300);
			String vendor = text("vendor", false, 300);
			String category = text("category", true, 200);
			String tagline = text("tagline", false, 1000);
			String description = text("description", false, 10000);
			String pricing = text("pricing", false, 1000);
			String entryPrice = text("entryPrice", false, 100);
			String license = text("license", false, 300);
			String url = text("url", false, 2000);
			Instant publishedAt = publishedAt();
			int[] votes = communityVotes();
			List<Review> reviews = reviews();
			if (!this.valid) {
				return null;
			}
			return new Tool(0, slug, name, vendor, category, tagline, description, pricing, entryPrice, license, url,
					publishedAt, votes[0], votes[1], reviews);
		}

		private String text(String field, boolean required, int maxLength) {
			JsonNode value = this.node.path(field);
			if (value.isMissingNode() || value.isNull()) {
				if (required) {
					problem(field, null, "is required");
				}
				return null;
			}
			if (!value.isString()) {
				problem(field, value.toString(), "must be a string");
				return null;
			}
			String text = value.stringValue().strip();
			if (text.chars().anyMatch((c) -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) {
				problem(field, text, "must not contain control characters");
				return null;
			}
			if (required && text.isEmpty()) {
				problem(field, value.stringValue(), "must not be blank");
				return null;
			}
			if (text.length() > maxLength) {
				problem(field, text, "is longer than " + maxLength + " characters");
				return null;
			}
			return text.isEmpty() ? null : text;
		}

		private Instant publishedAt() {
			String text = text("publishedAt", true, 100);
			if (text == null) {
				return null;
			}
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				problem("publishedAt", text, "must be an ISO-8601 instant with an offset, like 2026-11-17T09:30:00Z");
				return null;
			}
		}

		private int[] communityVotes() {
			JsonNode votes = this.node.path("communityVotes");
			if (votes.isMissingNode() || votes.isNull()) {
				return new int[] { 0, 0 };
			}
			if (!votes.isObject()) {
				problem("communityVotes", votes.toString(), "must be an object like {\"ship\": 3, \"skip\": 1}");
				return new int[] { 0, 0 };
			}
			return new int[] { count(votes, "ship"), count(votes, "skip") };
		}

		private int count(JsonNode votes, String field) {
			JsonNode value = votes.path(field);
			if (value.isMissingNode() || value.isNull()) {
				return 0;
			}
			if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
				problem("communityVotes." + field, value.toString(), "must be a whole number of at least 0");
				return 0;
			}
			return value.intValue();
		}

		private List<Review> reviews() {
			JsonNode reviews = this.node.path("reviews");
			if (reviews.isMissingNode() || reviews.isNull()) {
				problem("reviews", null, "is required");
				return List.of();
			}
			if (!reviews.isArray() || reviews.isEmpty() || reviews.size() > 4) {
				problem("reviews", abbreviated(reviews), "must be an array of 1 to 4 reviews");
				return List.of();
			}
			List<Review> result = new ArrayList<>();
			Set<Persona> seen = EnumSet.noneOf(Persona.class);
			for (int r = 0; r < reviews.size(); r++) {
				JsonNode review = reviews.get(r);
				String field = "reviews[" + r + "]";
				if (!review.isObject()) {
					problem(field, review.toString(), "must be an object");
					continue;
				}
				Persona persona = persona(field, review.path("persona"), seen);
				Integer score = score(field, review.path("score"));
				Verdict verdict = verdict(field, review.path("verdict"));
				String body = reviewBody(field, review.path("body"));
				if (persona != null && score != null && verdict != null) {
					result.add(new Review(persona, score, verdict, body));
				}
			}
			return result;
		}

		private Persona persona(String field, JsonNode value, Set<Persona> seen) {
			if (!value.isString()) {
				problem(field + ".persona", value.isMissingNode() ? null : value.toString(),
						"must be one of Builder, Skeptic, Futurist, Founder");
				return null;
			}
			Persona persona = Persona.fromLabel(value.stringValue()).orElse(null);
			if (persona == null) {
				problem(field + ".persona", value.stringValue(), "must be one of Builder, Skeptic, Futurist, Founder");
			}
			else if (!seen.add(persona)) {
				problem(field + ".persona", value.stringValue(), "reviews this tool twice");
			}
			return persona;
		}

		private Integer score(String field, JsonNode value) {
			boolean whole = value.isIntegralNumber() || (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()));
			if (!whole || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 100) {
				problem(field + ".score", value.isMissingNode() ? null : value.toString(),
						"must be a whole number from 0 to 100");
				return null;
			}
			return value.intValue();
		}

		private Verdict verdict(String field, JsonNode value) {
			Verdict verdict = value.isString() ? Verdict.parse(value.stringValue().strip()).orElse(null) : null;
			if (verdict == null) {
				problem(field + ".verdict", value.isMissingNode() ? null : value.toString(),
						"must be \"ship\" or \"skip\"");
			}
			return verdict;
		}

		private String reviewBody(String field, JsonNode value) {
			if (value.isMissingNode() || value.isNull()) {
				return null;
			}
			if (!value.isString() || value.stringValue().length() > 10000
					|| value.stringValue().chars().anyMatch((c) -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))) {
				problem(field + ".body", abbreviated(value),
						"must be a string of at most 10000 characters, without control characters");
				return null;
			}
			return value.stringValue().strip();
		}

		private static String abbreviated(JsonNode value) {
			return value.isMissingNode() ? null : value.toString();
		}

		private void problem(String field, String value, String reason) {
			this.valid = false;
			this.problems.add(new ImportProblem(this.place, field, value, reason));
		}

	}

}
