package com.aitoolverdicts.digest.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.aitoolverdicts.digest.issue.IsoWeek;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox's last step, the move of the finished file, waits for the gate: a gate that throws leaves no file. */
class OutboxGateTests {

	@TempDir
	Path outbox;

	@Test
	void aGateThatThrowsLeavesNoFileAndAnOpenOneLetsTheMessageIn() throws Exception {
		OutboxTransport transport = new OutboxTransport(this.outbox);
		MailTransport.Gate refusing = new MailTransport.Gate() {
			@Override
			public boolean isOpen() {
				return false;
			}

			@Override
			public void await() {
				throw new IllegalStateException("unsubscribed meanwhile");
			}
		};

		assertThatThrownBy(() -> transport.deliver(message(7, "ada@example.com"), refusing))
			.hasMessage("unsubscribed meanwhile");
		assertThat(files()).isEmpty();

		transport.deliver(message(8, "bob@example.com"), MailTransport.Gate.OPEN);
		assertThat(files()).containsExactly("00000008-bob@example.com.eml");
	}

	private Stream<String> files() throws Exception {
		Path week = this.outbox.resolve("2026-W46");
		if (!Files.isDirectory(week)) {
			return Stream.empty();
		}
		try (Stream<Path> files = Files.list(week)) {
			return files.map((file) -> file.getFileName().toString()).toList().stream();
		}
	}

	private static OutgoingMessage message(long id, String recipient) {
		return new OutgoingMessage(IsoWeek.parse("2026-W46"), id, "digest@example.com", recipient,
				"<2026-W46." + id + ".1@example.com>", "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
	}

}
