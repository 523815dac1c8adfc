package com.aitoolverdicts.digest.delivery;

import java.io.IOException;
import java.io.OutputStream;

import com.aitoolverdicts.digest.issue.IsoWeek;

/**
 * A built message, who it is for, and the envelope sender (the From address) it goes out with.
 * {@code content} is the whole message as RFC 5322 bytes, lines ended by CRLF.
 */
public record OutgoingMessage(IsoWeek week, long subscriberId, String sender, String recipient, String messageId,
		byte[] content) {

	public void writeTo(OutputStream out) throws IOException {
		out.write(this.content);
	}

}
