package com.aitoolverdicts.digest.delivery;

import com.aitoolverdicts.digest.issue.IsoWeek;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A re-send or a test gets an outbox file of its own, next to (never over) the reader's digest. */
class OutboxFileNameTests {

	@Test
	void theDigestAReSendAndATestHaveDifferentFiles() {
		assertThat(OutboxTransport.fileName(message("<2026-W46.7.1795300261@example.com>")))
			.isEqualTo("00000007-ada@example.com.eml");
		assertThat(OutboxTransport.fileName(message("<2026-W46.7.1795300261.resent-1795300283518@example.com>")))
			.isEqualTo("00000007-ada@example.com-resent-1795300283518.eml");
		assertThat(OutboxTransport.fileName(message("<2026-W46.7.1795300261.test-1795300283518@example.com>")))
			.isEqualTo("00000007-ada@example.com-test-1795300283518.eml");
	}

	private static OutgoingMessage message(String messageId) {
		return new OutgoingMessage(IsoWeek.parse("2026-W46"), 7, "digest@example.com", "Ada@Example.com", messageId, null);
	}

}
