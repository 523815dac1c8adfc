package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IsoWeekTests {

	static final ZoneId UTC = ZoneId.of("UTC");

	@Test
	void weekRunsFromMondayMidnightToTheNextMondayInTheZone() {
		IsoWeek week = IsoWeek.parse("2026-W47");

		assertThat(week.monday()).isEqualTo(LocalDate.of(2026, 11, 16));
		assertThat(week.sunday()).isEqualTo(LocalDate.of(2026, 11, 22));
		assertThat(week.start(UTC)).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
		assertThat(week.end(UTC)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
		assertThat(week.start(ZoneId.of("Europe/Berlin"))).isEqualTo(Instant.parse("2026-11-15T23:00:00Z"));
		assertThat(week.start(ZoneId.of("America/Los_Angeles"))).isEqualTo(Instant.parse("2026-11-16T08:00:00Z"));
	}

	@Test
	void weeksCrossYearBoundariesAsIsoSays() {
		assertThat(IsoWeek.of(LocalDate.of(2026, 12, 31))).hasToString("2026-W53");
		assertThat(IsoWeek.of(LocalDate.of(2027, 1, 3))).hasToString("2026-W53");
		assertThat(IsoWeek.of(LocalDate.of(2027, 1, 4))).hasToString("2027-W01");
		assertThat(IsoWeek.of(LocalDate.of(2025, 12, 29))).hasToString("2026-W01");
		assertThat(IsoWeek.parse("2027-W01").minusWeeks(1)).hasToString("2026-W53");
	}

	@Test
	void lastCompletedIsTheWeekBeforeTheCurrentOneInTheZone() {
		Instant mondayEarlyUtc = Instant.parse("2026-11-23T00:30:00Z");

		assertThat(IsoWeek.lastCompleted(mondayEarlyUtc, UTC)).hasToString("2026-W47");
		assertThat(IsoWeek.lastCompleted(mondayEarlyUtc, ZoneId.of("America/New_York"))).hasToString("2026-W46");
		assertThat(IsoWeek.lastCompleted(Instant.parse("2026-11-22T23:59:59Z"), UTC)).hasToString("2026-W46");
	}

	@Test
	void parseRefusesWhatIsNotAnIsoWeek() {
		assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("47"))
			.withMessage("must look like 2026-W47 but was '47'");
		assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("2026-47"));
		assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("2026-W00"));
		assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("2025-W53"))
			.withMessageContaining("2025 has ISO weeks 1 to 52");
		assertThat(IsoWeek.parse(" 2026-W53 ")).hasToString("2026-W53");
	}

}
