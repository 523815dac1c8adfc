package com.aitoolverdicts.digest.imports;

import java.nio.file.Path;
import java.util.List;

import com.aitoolverdicts.digest.subscriber.SubscriberRepository.SubscriberRow;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SubscribersFileTests {

	static final Path FILE = Path.of("subscribers.csv");

	@Test
	void readsTheExampleOfTheFormat() {
		List<SubscriberRow> rows = SubscribersFile.parse(FILE, """
				email,name,categories,status
				ada@example.com,Ada,Developer Tools;Design,active
				bob@example.org,,,active
				carol@example.net,Carol,,unsubscribed
				""");

		assertThat(rows).containsExactly(
				new SubscriberRow("ada@example.com", "Ada", List.of("Developer Tools", "Design"), SubscriberStatus.ACTIVE),
				new SubscriberRow("bob@example.org", null, List.of(), SubscriberStatus.ACTIVE),
				new SubscriberRow("carol@example.net", "Carol", List.of(), SubscriberStatus.UNSUBSCRIBED));
	}

	@Test
	void followsRfc4180QuotingAndLineEndings() {
		List<SubscriberRow> rows = SubscribersFile.parse(FILE, "\uFEFFname,email\r\n\"O'Brien, \"\"Siobhán\"\"\","
				+ "siobhan@example.com\r\nZoë,zoe@example.org");

		assertThat(rows).extracting(SubscriberRow::name).containsExactly("O'Brien, \"Siobhán\"", "Zoë");
		assertThat(rows).extracting(SubscriberRow::status).containsOnly(SubscriberStatus.ACTIVE);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ada@example.com,Ada,,asleep                      | status | must be active, unsubscribed or bounced
			,Ada,,active                                     | email  | is required
			ada.example.com,Ada,,active                      | email  | not a valid email address
			Ada <ada@example.com>,Ada,,active                | email  | space
			ada@localhost,Ada,,active                        | email  | domain must be a name like example.com
			ada@exa mple.com,Ada,,active                     | email  | space
			ada@example.com,Ada,,active,extra                | record | has 5 fields but the header has 4
			BOB@example.org,Bob,,active                      | email  | appears twice (first in record 1
			""")
	void refusesEachBrokenRuleNamingRecordLineAndField(String record, String field, String reason) {
		String csv = "email,name,categories,status\nbob@example.org,Bob,,active\n" + record + "\n";

		InvalidImportException ex = catchThrowableOfType(InvalidImportException.class,
				() -> SubscribersFile.parse(FILE, csv));

		assertThat(ex).as("no problem reported for " + record).isNotNull();
		assertThat(ex.problems()).singleElement().satisfies((problem) -> {
			assertThat(problem.place()).isEqualTo("record 2 (line 3)");
			assertThat(problem.field()).isEqualTo(field);
			assertThat(problem.reason()).contains(reason);
		});
	}

	@Test
	void aLineBreakInsideAnAddressIsRefused() {
		InvalidImportException ex = catchThrowableOfType(InvalidImportException.class,
				() -> SubscribersFile.parse(FILE, "email\n\"ada@example.com\nBcc: eve@example.com\"\n"));

		assertThat(ex.problems()).singleElement()
			.satisfies((problem) -> assertThat(problem.reason()).contains("line break"));
	}

	@Test
	void theHeaderIsRequiredAndChecked() {
		assertThat(catchThrowableOfType(InvalidImportException.class, () -> SubscribersFile.parse(FILE, "")).problems())
			.singleElement()
			.satisfies((problem) -> assertThat(problem.field()).isEqualTo("header"));
		assertThat(catchThrowableOfType(InvalidImportException.class,
				() -> SubscribersFile.parse(FILE, "emial,name\nada@example.com,Ada\n"))
			.problems()).extracting(ImportProblem::toString)
			.containsExactly("line 1 (header), column 1 'emial': is not a known column; expected email, name, categories, status",
					"line 1 (header), email: column is required");
	}

	@Test
	void malformedQuotingIsReportedWithItsLine() {
		InvalidImportException ex = catchThrowableOfType(InvalidImportException.class,
				() -> SubscribersFile.parse(FILE, "email,name\nada@example.com,\"Ada\n"));

		assertThat(ex.problems()).singleElement().satisfies((problem) -> {
			assertThat(problem.place()).isEqualTo("line 2");
			assertThat(problem.reason()).contains("never closed");
		});
	}

}
