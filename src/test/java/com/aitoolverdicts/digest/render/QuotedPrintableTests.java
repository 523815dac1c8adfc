package com.aitoolverdicts.digest.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quoted-printable as the digest's parts use it, checked against Jakarta Mail's own decoder: whole
 * texts, and texts cut into segments encoded apart and joined, over seeded random texts full of
 * what the encoding must escape (=, spaces before line breaks, long lines, multi-byte characters).
 */
class QuotedPrintableTests {

	private static final String[] PIECES = { "a", "Z", "=", " ", "\t", "\n", "\r\n", ".", "é", "—", "中", "😀", "<a href=\"x\">",
			"=3D", "                                                                                ", "x".repeat(90) };

	@Test
	void anyTextEncodesToLinesOfAtMost76AndDecodesBackExactly() {
		Random random = new Random(2045);
		for (int trial = 0; trial < 3000; trial++) {
			String text = randomText(random);
			assertEncodes(QuotedPrintable.encode(text), text);
		}
	}

	@Test
	void segmentsEncodedApartJoinToTheEncodingOfTheJoinedText() {
		Random random = new Random(2046);
		for (int trial = 0; trial < 3000; trial++) {
			List<String> pieces = new ArrayList<>();
			int count = 1 + random.nextInt(6);
			for (int i = 0; i < count; i++) {
				pieces.add(randomText(random));
			}
			byte[][] segments = pieces.stream().map(QuotedPrintable::segment).toArray(byte[][]::new);
			assertEncodes(QuotedPrintable.join(segments), String.join("", pieces));
		}
	}

	@Test
	void textThatNeedsNoEscapingIsLeftAsItIsWithCrlfLineBreaks() {
		assertThat(new String(QuotedPrintable.encode("Hello, reader.\nSee you next week."), StandardCharsets.US_ASCII))
			.isEqualTo("Hello, reader.\r\nSee you next week.");
		assertThat(new String(QuotedPrintable.encode("a=b \n"), StandardCharsets.US_ASCII)).isEqualTo("a=3Db=20\r\n");
		assertThat(new String(QuotedPrintable.segment("end"), StandardCharsets.US_ASCII)).isEqualTo("end=\r\n");
		assertThat(QuotedPrintable.segment("")).isEmpty();
	}

	@Test
	void aDotThatWouldStartALineIsEscapedSoThatSmtpNeedNotStuffIt() {
		assertThat(new String(QuotedPrintable.encode(".\n..a.\n"), StandardCharsets.US_ASCII)).isEqualTo("=2E\r\n=2E.a.\r\n");
		// Where a soft break would leave the dot at the start of the next line.
		assertThat(new String(QuotedPrintable.encode("x".repeat(75) + ".y"), StandardCharsets.US_ASCII))
			.isEqualTo("x".repeat(75) + "=\r\n=2Ey");
		assertThat(new String(QuotedPrintable.segment(".b"), StandardCharsets.US_ASCII)).isEqualTo("=2Eb=\r\n");
	}

	/** {@code encoded} is quoted-printable of {@code text}: lines of at most 76, no bare CR or LF, decoded by Jakarta Mail to it. */
	static void assertEncodes(byte[] encoded, String text) {
		String ascii = new String(encoded, StandardCharsets.ISO_8859_1);
		assertThat(ascii.chars()).allSatisfy((c) -> assertThat(c).isLessThan(128));
		for (String line : ascii.split("\r\n", -1)) {
			assertThat(line.length()).as("line '%s'", line).isLessThanOrEqualTo(76);
			assertThat(line).doesNotContain("\r").doesNotContain("\n");
			assertThat(line.endsWith(" ") || line.endsWith("\t")).as("line '%s' ends with white space", line).isFalse();
			assertThat(line).as("a line SMTP would have to dot-stuff").doesNotStartWith(".");
		}
		assertThat(jakartaDecode(encoded)).isEqualTo(text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n"));
	}

	private static String jakartaDecode(byte[] encoded) {
		try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException | MessagingException ex) {
			throw new AssertionError(ex);
		}
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(40);
		for (int i = 0; i < length; i++) {
			text.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return text.toString();
	}

}
