package com.aitoolverdicts.digest.imports;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ToolsFileTests {

	static final Path FILE = Path.of("tools.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsTheSeedToolsOfTheSite() {
		List<Tool> tools = ToolsFile.read(Path.of("src/test/resources/fixtures/seed-tools.json"));

		assertThat(tools).extracting(Tool::slug)
			.containsExactly("gemini-2-5-flash-lite", "code-llama-4", "mistral-3-small");
		Tool codeLlama = tools.get(1);
		assertThat(codeLlama.publishedAt()).isEqualTo(Instant.parse("2026-11-11T14:30:00Z"));
		assertThat(codeLlama.reviews()).extracting((review) -> review.persona())
			.containsExactly(Persona.BUILDER, Persona.SKEPTIC, Persona.FUTURIST, Persona.FOUNDER);
		assertThat(codeLlama.review(Persona.FOUNDER).orElseThrow().verdict()).isEqualTo(Verdict.SKIP);
		assertThat(codeLlama.panelVerdict()).isEqualTo(Tool.PanelVerdict.SHIP);
		assertThat(codeLlama.shipPercent()).isEqualTo(75);
	}

	@Test
	void optionalFieldsMayBeLeftOutAndVerdictsIgnoreCase() {
		List<Tool> tools = ToolsFile.parse(FILE, """
				{"tools": [{"slug": "min", "name": "Min", "category": "Design", "publishedAt": "2026-11-17T09:30:00+01:00",
				  "reviews": [{"persona": "Skeptic", "score": 0, "verdict": "SKIP"}]}]}
				""");

		Tool tool = tools.get(0);
		assertThat(tool.vendor()).isNull();
		assertThat(tool.communityShip()).isZero();
		assertThat(tool.publishedAt()).isEqualTo(Instant.parse("2026-11-17T08:30:00Z"));
		assertThat(tool.panelVerdict()).isEqualTo(Tool.PanelVerdict.SKIP);
	}

	@ParameterizedTest(name = "{0} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			"slug": "Code_Llama"                          | slug        | lower-case letters, digits and single hyphens
			"slug": null                                  | slug        | is required
			"name": "  "                                  | name        | must not be blank
			"category": 7                                 | category    | must be a string
			"publishedAt": "2026-11-17 09:30"             | publishedAt | ISO-8601 instant with an offset
			"publishedAt": "2026-11-17T09:30:00"          | publishedAt | ISO-8601 instant with an offset
			"communityVotes": {"ship": -1}                | communityVotes.ship | whole number of at least 0
			"reviews": []                                 | reviews     | 1 to 4 reviews
			"name": "Nul\\u0000Tool"                       | name        | control characters
			"reviews": [{"persona": "Critic", "score": 50, "verdict": "ship"}] | reviews[0].persona | one of Builder, Skeptic, Futurist, Founder
			"reviews": [{"persona": "Builder", "score": 101, "verdict": "ship"}] | reviews[0].score | whole number from 0 to 100
			"reviews": [{"persona": "Builder", "score": 84.5, "verdict": "ship"}] | reviews[0].score | whole number from 0 to 100
			"reviews": [{"persona": "Builder", "score": 84, "verdict": "ship", "body": "a\\u0000b"}] | reviews[0].body | control characters
			"reviews": [{"persona": "Builder", "score": "84", "verdict": "ship"}] | reviews[0].score | whole number from 0 to 100
			"reviews": [{"persona": "Builder", "score": 84, "verdict": "maybe"}] | reviews[0].verdict | "ship" or "skip"
			"reviews": [{"persona": "Builder", "score": 84, "verdict": "ship"}, {"persona": "Builder", "score": 80, "verdict": "ship"}] | reviews[1].persona | reviews this tool twice
			""")
	void refusesEachBrokenRuleNamingTheField(String override, String field, String reason) {
		ObjectNode broken = (ObjectNode) JSON.readTree(validTool());
		broken.put("slug", "other-tool");
		JSON.readTree("{" + override + "}").properties().forEach((entry) -> broken.set(entry.getKey(), entry.getValue()));
		String json = "{\"tools\": [" + validTool() + ", " + broken + "]}";

		InvalidImportException ex = catchThrowableOfType(InvalidImportException.class, () -> ToolsFile.parse(FILE, json));

		assertThat(ex).as("no problem reported for " + override).isNotNull();
		assertThat(ex.problems()).anySatisfy((problem) -> {
			assertThat(problem.place()).startsWith("tools[1]");
			assertThat(problem.field()).isEqualTo(field);
			assertThat(problem.reason()).contains(reason);
		});
	}

	@Test
	void reportsEveryProblemOfTheFileAtOnce() {
		String json = "{\"tools\": [" + validTool() + ", " + validTool() + ", "
				+ "{\"slug\": \"broken\", \"reviews\": [{\"persona\": \"Builder\", \"score\": 200, \"verdict\": \"ship\"}]}]}";

		InvalidImportException ex = catchThrowableOfType(InvalidImportException.class, () -> ToolsFile.parse(FILE, json));

		assertThat(ex.problems()).extracting(ImportProblem::toString)
			.containsExactlyInAnyOrder("tools[1] (valid-tool), slug 'valid-tool': appears twice (first at tools[0])",
					"tools[2] (broken), name: is required", "tools[2] (broken), category: is required",
					"tools[2] (broken), publishedAt: is required",
					"tools[2] (broken), reviews[0].score '200': must be a whole number from 0 to 100");
	}

	@Test
	void malformedJsonIsReportedWithItsLine() {
		assertThatExceptionOfType(InvalidImportException.class)
			.isThrownBy(() -> ToolsFile.parse(FILE, "{\"tools\": [\n  {\"slug\": \"x\",,}\n]}"))
			.satisfies((ex) -> assertThat(ex.problems().get(0).place()).isEqualTo("line 2, column 16"));
		assertThatExceptionOfType(InvalidImportException.class).isThrownBy(() -> ToolsFile.parse(FILE, "[]"))
			.satisfies((ex) -> assertThat(ex.problems().get(0).reason()).contains("\"tools\" array"));
	}

	private static String validTool() {
		return "{\"slug\": \"valid-tool\", \"name\": \"Valid\", \"category\": \"Design\", "
				+ "\"publishedAt\": \"2026-11-17T09:30:00Z\", \"communityVotes\": {\"ship\": 1, \"skip\": 2}, "
				+ "\"reviews\": [{\"persona\": \"Builder\", \"score\": 84, \"verdict\": \"ship\", \"body\": \"Good.\"}]}";
	}

}
