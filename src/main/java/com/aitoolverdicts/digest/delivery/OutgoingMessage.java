package com.aitoolverdicts.digest.delivery;

import java.io.IOException;
import java.io.OutputStream;

import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.QuotedPrintable;

/**
 * A built message, who it is for, and the envelope sender (the From address) it goes out with.
 * The message is {@code segments} one after another, as RFC 5322 bytes, lines ended by CRLF: a
 * digest's segments are mostly its audience's, shared by every reader, and are written out as
 * they are rather than copied into one array. {@code smtpReady} says the message can go into
 * SMTP's DATA as it is: every line ends with CRLF, the last one too, and no line starts with a
 * dot, so there is nothing to stuff.
 */
public record OutgoingMessage(IsoWeek week, long subscriberId, String sender, String recipient, String messageId,
		byte[][] segments, boolean smtpReady) {

	/** A message given whole, which SMTP dot-stuffs as it writes it. */
	public OutgoingMessage(IsoWeek week, long subscriberId, String sender, String recipient, String messageId,
			byte[] content) {
		this(week, subscriberId, sender, recipient, messageId, new byte[][] { content }, false);
	}

	/** The whole message in one array. */
	public byte[] content() {
		return QuotedPrintable.join(this.segments);
	}

	public void writeTo(OutputStream out) throws IOException {
		for (byte[] segment : this.segments) {
			out.write(segment);
		}
	}

}
