package com.aitoolverdicts.digest.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextWrapTests {

	@Test
	void longLinesWrapAtSpacesKeepingTheirIndentAndShortOnesStayAsTheyAre() {
		String text = "Short line.\n  " + "word ".repeat(30).strip() + "\n* " + "bullet ".repeat(20).strip() + "\n";

		String wrapped = TextWrap.wrap(text);

		assertThat(wrapped).startsWith("Short line.\n  word word").endsWith("bullet\n");
		assertThat(wrapped.lines()).allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(78));
		assertThat(wrapped.lines().filter((line) -> line.startsWith("  word"))).hasSizeGreaterThan(1);
		assertThat(wrapped.lines().filter((line) -> line.startsWith("  bullet"))).isNotEmpty();
		assertThat(wrapped.replaceAll("\\s+", " ")).isEqualTo(text.replaceAll("\\s+", " "));
	}

	@Test
	void aLinkLongerThanALineIsNeverBroken() {
		String link = "https://aitoolverdicts.example.com/compare/" + "a".repeat(80) + "-vs-b";

		String wrapped = TextWrap.wrap("Full comparison: " + link);

		assertThat(wrapped).isEqualTo("Full comparison:\n" + link);
	}

	@Test
	void widthCountsCharactersNotBytes() {
		String line = "\u00E9".repeat(78);

		assertThat(TextWrap.wrap(line)).isEqualTo(line);
	}

}
