package com.aitoolverdicts.digest.delivery;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.QuotedPrintable;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import org.springframework.stereotype.Component;

/**
 * Builds the digest's MIME message, the same whichever transport carries it: multipart/alternative
 * with a UTF-8 text part and a UTF-8 HTML part, Message-ID, Date, From and To with display names,
 * optional Reply-To, List-Id, and List-Unsubscribe with an https and a mailto link plus
 * List-Unsubscribe-Post for one-click unsubscribe (RFC 8058).
 * <p>
 * The message is written out as bytes here, headers first and then the two parts, whose bodies
 * come encoded in quoted-printable (see {@link RenderedDigest#htmlQuotedPrintable()}). Jakarta
 * Mail's MimeMessage cost more than the rendering: header tables, a mailcap lookup per part, the
 * body copied through several streams. Jakarta Mail still encodes the headers (RFC 2047) and,
 * when DKIM is on, carries the message through the signer. The boundary starts with "=_", which
 * quoted-printable never produces, so it cannot occur inside a part.
 * <p>
 * The message is left in segments (headers, the parts' shared and personal segments, the
 * boundaries) and marked ready for SMTP's data as it is, with no dot-stuffing, when its headers
 * allow (the parts always do): scanning and copying 30 KB a reader was a fifth of the JVM's
 * sampled CPU in a send. A signed message is one array, and stuffed as it goes.
 */
@Component
public class MessageFactory {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final String TEXT_PART_HEADERS = "Content-Type: text/plain; charset=UTF-8\r\n"
			+ "Content-Transfer-Encoding: quoted-printable\r\n\r\n";

	private static final String HTML_PART_HEADERS = "Content-Type: text/html; charset=UTF-8\r\n"
			+ "Content-Transfer-Encoding: quoted-printable\r\n\r\n";

	private final InternetAddress from;

	private final InternetAddress replyTo;

	private final String messageIdDomain;

	private final String listId;

	private final UnsubscribeTokens tokens;

	private final DkimSigning dkim;

	private final Clock clock;

	private final String fromHeader;

	private final String replyToHeader;

	MessageFactory(DigestProperties properties, UnsubscribeTokens tokens, Clock clock) {
		this.from = parseFrom(properties.getFrom());
		this.replyTo = properties.getReplyTo().isEmpty() ? null : parseAddress("digest.reply-to", properties.getReplyTo());
		this.messageIdDomain = properties.getMessageIdDomain().isEmpty()
				? this.from.getAddress().substring(this.from.getAddress().indexOf('@') + 1)
				: properties.getMessageIdDomain();
		this.listId = listId(properties.getListId());
		this.tokens = tokens;
		this.dkim = DkimSigning.of(properties.getDkim());
		this.clock = clock;
		this.fromHeader = this.from.toString();
		this.replyToHeader = (this.replyTo != null) ? this.replyTo.toString() : null;
	}

	static InternetAddress parseFrom(String from) {
		return parseAddress("digest.from", from);
	}

	/**
	 * {@code value} as an address whose display name is encoded (RFC 2047) when it is not ASCII:
	 * parsing alone would keep it raw, which breaks the header for strict readers and DKIM.
	 */
	static InternetAddress parseAddress(String setting, String value) {
		try {
			InternetAddress address = new InternetAddress(value, true);
			address.validate();
			return (address.getPersonal() == null) ? address
					: new InternetAddress(address.getAddress(), address.getPersonal(), "UTF-8");
		}
		catch (AddressException | UnsupportedEncodingException ex) {
			throw new IllegalArgumentException(setting + " must be an address like 'Weekly AI Tool Verdicts "
					+ "<digest@example.com>' but was '" + value + "': " + ex.getMessage());
		}
	}

	/** The List-Id value: its name encoded when it is not ASCII, its {@code <id>} always as it is (RFC 2919). */
	static String listId(String listId) {
		int open = listId.lastIndexOf('<');
		if (open < 0 || !listId.endsWith(">") || !listId.substring(open).chars().allMatch((c) -> c > 32 && c < 127)) {
			throw new IllegalArgumentException("digest.list-id must look like 'Name <list-id.example.com>' with an ASCII "
					+ "id but was '" + listId + "'");
		}
		String name = listId.substring(0, open).strip();
		try {
			return (name.isEmpty() ? "" : MimeUtility.encodeWord(name, "UTF-8", "Q") + " ") + listId.substring(open);
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The message of {@code issue} for {@code subscriber}. Its Message-ID is the same on every
	 * attempt (issue, its composition time, subscriber): if the one duplicate the design allows
	 * happens (accepted, then a crash before the ledger row), receivers that drop repeated
	 * Message-IDs, Gmail among them, show it once.
	 */
	public OutgoingMessage build(Issue issue, Subscriber subscriber, RenderedDigest digest) {
		return build(issue, subscriber, digest, "");
	}

	/** A deliberate re-send: a Message-ID of its own, so that the receiver shows it again. */
	public OutgoingMessage buildResend(Issue issue, Subscriber subscriber, RenderedDigest digest) {
		return build(issue, subscriber, digest, ".resent-" + this.clock.millis());
	}

	/** A test send (send --to --test): a Message-ID of its own, marked as a test. */
	public OutgoingMessage buildTest(Issue issue, Subscriber subscriber, RenderedDigest digest) {
		return build(issue, subscriber, digest, ".test-" + this.clock.millis());
	}

	private OutgoingMessage build(Issue issue, Subscriber subscriber, RenderedDigest digest, String idSuffix) {
		IsoWeek week = issue.week();
		String messageId = "<" + week + "." + subscriber.id() + "." + issue.composedAt().getEpochSecond() + idSuffix + "@"
				+ this.messageIdDomain + ">";
		try {
			String boundary = "----=_Digest_" + week + "." + subscriber.id();
			String token = this.tokens.tokenFor(subscriber);
			StringBuilder head = new StringBuilder(1024);
			header(head, "Date", DATE.format(this.clock.instant()));
			header(head, "From", this.fromHeader);
			if (this.replyToHeader != null) {
				header(head, "Reply-To", this.replyToHeader);
			}
			header(head, "To", new InternetAddress(subscriber.email(), subscriber.name(), "UTF-8").toString());
			header(head, "Message-ID", messageId);
			header(head, "Subject", MimeUtility.fold(9, MimeUtility.encodeText(digest.subject(), "UTF-8", null)));
			header(head, "MIME-Version", "1.0");
			header(head, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
			header(head, "List-Id", this.listId);
			// Folded after the comma: the two links make a line of some 240 characters.
			header(head, "List-Unsubscribe", "<" + this.tokens.urlOf(token) + ">,\r\n <" + this.tokens.mailtoOf(token) + ">");
			header(head, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			head.append("\r\n--").append(boundary).append("\r\n").append(TEXT_PART_HEADERS);
			byte[] first = head.toString().getBytes(StandardCharsets.UTF_8);
			byte[] middle = ("\r\n--" + boundary + "\r\n" + HTML_PART_HEADERS).getBytes(StandardCharsets.US_ASCII);
			byte[] last = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[][] text = digest.textSegments();
			byte[][] html = digest.htmlSegments();
			byte[][] segments = new byte[text.length + html.length + 3][];
			segments[0] = first;
			System.arraycopy(text, 0, segments, 1, text.length);
			segments[1 + text.length] = middle;
			System.arraycopy(html, 0, segments, 2 + text.length, html.length);
			segments[segments.length - 1] = last;
			if (this.dkim != null) {
				return new OutgoingMessage(week, subscriber.id(), this.from.getAddress(), subscriber.email(), messageId,
						this.dkim.sign(QuotedPrintable.join(segments)));
			}
			// The parts' lines never start with a dot (QuotedPrintable), nor do the boundaries'; the
			// headers are checked, since a reader's name goes into them.
			return new OutgoingMessage(week, subscriber.id(), this.from.getAddress(), subscriber.email(), messageId,
					segments, SmtpConnection.isReadyForData(first));
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("Cannot build the message for " + subscriber.email() + ": " + ex.getMessage(),
					ex);
		}
	}

	private static void header(StringBuilder head, String name, String value) {
		head.append(name).append(": ").append(value).append("\r\n");
	}

}
