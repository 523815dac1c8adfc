package com.aitoolverdicts.digest.delivery;

import com.aitoolverdicts.digest.issue.IsoWeek;
import jakarta.mail.internet.MimeMessage;

/** A built message and who it is for. */
public record OutgoingMessage(IsoWeek week, long subscriberId, String recipient, String messageId,
		MimeMessage message) {
}
