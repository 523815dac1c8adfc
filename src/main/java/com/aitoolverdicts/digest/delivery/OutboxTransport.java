package com.aitoolverdicts.digest.delivery;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import jakarta.mail.MessagingException;

/**
 * Writes each message as an RFC 5322 {@code .eml} file under {@code outbox/<week>/}. A file
 * appears whole or not at all: it is written under a temporary name and then moved.
 */
final class OutboxTransport implements MailTransport {

	private final Path root;

	OutboxTransport(Path root) {
		this.root = root;
	}

	@Override
	public String deliver(OutgoingMessage message, Gate gate) throws MessagingException {
		Path dir = this.root.resolve(message.week().toString());
		Path file = dir.resolve(fileName(message));
		Path temporary = null;
		try {
			Files.createDirectories(dir);
			temporary = Files.createTempFile(dir, ".sending-", ".tmp");
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
				message.writeTo(out);
			}
			gate.await();
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
			temporary = null;
		}
		catch (IOException ex) {
			throw new MessagingException("Cannot write " + file + ": " + ex.getMessage(), ex);
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					// Nothing more to do: the message is reported as not delivered either way.
				}
			}
		}
		return "written to " + file;
	}

	static String fileName(OutgoingMessage message) {
		String safe = message.recipient().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._+-]", "_");
		// A re-send or a test has a Message-ID of its own, <week.id.composed.KIND-millis@domain>: its file
		// is named after that KIND-millis, so that it never replaces the digest's own file.
		String local = message.messageId().substring(1, message.messageId().indexOf('@'));
		String[] parts = local.split("\\.", 4);
		String suffix = (parts.length == 4) ? "-" + parts[3].replaceAll("[^A-Za-z0-9-]", "_") : "";
		return String.format("%08d-%s%s.eml", message.subscriberId(), safe, suffix);
	}

	@Override
	public void close() {
	}

}
