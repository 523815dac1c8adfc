package com.aitoolverdicts.digest.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * What a refused or failed delivery means, decided in this one place:
 * <ul>
 * <li>{@code UNREACHABLE}: no connection could be opened (refused, unknown host, connect
 * timeout): try again until the server has been unreachable for too long;</li>
 * <li>{@code CONNECTION}: the connection was lost or closed during a message (421, no reply,
 * read timeout): try again on a fresh connection;</li>
 * <li>{@code TRANSIENT}: a 4xx reply to MAIL, RCPT or DATA: try again later;</li>
 * <li>{@code PERMANENT}: a 5xx reply to RCPT: this recipient will never be accepted;</li>
 * <li>{@code FATAL}: a 5xx reply to MAIL or DATA, or failed authentication: every message would
 * be refused the same way, so the send stops instead of bouncing the whole list.</li>
 * </ul>
 */
public record DeliveryFailure(Kind kind, String reply) {

	/** The kinds of failure, from the most to the least recoverable. */
	public enum Kind {

		UNREACHABLE, CONNECTION, TRANSIENT, PERMANENT, FATAL

	}

	public static DeliveryFailure of(MessagingException failure) {
		String reply = firstLine(failure.getMessage());
		for (Exception cause = failure; cause != null; cause = next(cause)) {
			int returnCode = returnCode(cause);
			if (returnCode == 421 || returnCode == -1 && cause instanceof SMTPAddressFailedException) {
				// 421 at any stage: the server is closing the connection; -1: it closed without a reply.
				return new DeliveryFailure(Kind.CONNECTION, firstLine(cause.getMessage()));
			}
		}
		for (Exception cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof SMTPAddressFailedException address) {
				return new DeliveryFailure(code(address.getReturnCode()) == 5 ? Kind.PERMANENT : Kind.TRANSIENT,
						firstLine(address.getMessage()));
			}
		}
		for (Exception cause = failure; cause != null; cause = next(cause)) {
			int returnCode = (cause instanceof SMTPSendFailedException send) ? send.getReturnCode()
					: (cause instanceof SMTPSenderFailedException sender) ? sender.getReturnCode() : -1;
			if (returnCode == 421) {
				return new DeliveryFailure(Kind.CONNECTION, firstLine(cause.getMessage()));
			}
			if (returnCode > 0) {
				return new DeliveryFailure(code(returnCode) == 5 ? Kind.FATAL : Kind.TRANSIENT,
						firstLine(cause.getMessage()));
			}
		}
		if (failure instanceof AuthenticationFailedException) {
			return new DeliveryFailure(Kind.FATAL, "authentication failed: " + reply);
		}
		if (failure instanceof MailConnectException) {
			return new DeliveryFailure(Kind.UNREACHABLE, reply);
		}
		// Connection lost, a read timeout, an unreadable reply: nothing the recipient did.
		return new DeliveryFailure(Kind.CONNECTION, reply);
	}

	private static int returnCode(Exception cause) {
		if (cause instanceof SMTPAddressFailedException address) {
			return address.getReturnCode();
		}
		if (cause instanceof SMTPSendFailedException send) {
			return send.getReturnCode();
		}
		return (cause instanceof SMTPSenderFailedException sender) ? sender.getReturnCode() : 0;
	}

	private static Exception next(Exception cause) {
		if (cause instanceof MessagingException messaging && messaging.getNextException() != null
				&& messaging.getNextException() != cause) {
			return messaging.getNextException();
		}
		return (cause.getCause() instanceof Exception inner && inner != cause) ? inner : null;
	}

	private static int code(int returnCode) {
		return returnCode / 100;
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "no reply";
		}
		String stripped = text.strip();
		int end = stripped.indexOf('\n');
		return (end < 0) ? stripped : stripped.substring(0, end).strip();
	}

}
