package com.aitoolverdicts.digest.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Enumeration;
import java.util.Properties;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.PreencodedMimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;

import org.springframework.stereotype.Component;

/**
 * Builds the digest's MIME message, the same whichever transport carries it: multipart/alternative
 * with a UTF-8 text part and a UTF-8 HTML part, Message-ID, Date, From and To with display names,
 * optional Reply-To, List-Id, and List-Unsubscribe with an https and a mailto link plus
 * List-Unsubscribe-Post for one-click unsubscribe (RFC 8058).
 */
@Component
public class MessageFactory {

	static {
		// Every MIME part Jakarta Mail 2.1 creates looks its stream provider up again, through the
		// ServiceLoader unless this names it: in the executable jar that scan cost more than the
		// rendering (jakartaee/mail-api#699, #861). Named, it is one Class.forName on a cached class.
		String streamProvider = "jakarta.mail.util.StreamProvider";
		if (System.getProperty(streamProvider) == null) {
			System.setProperty(streamProvider, "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	private static final Session SESSION = Session.getInstance(new Properties());

	private final InternetAddress from;

	private final InternetAddress replyTo;

	private final String messageIdDomain;

	private final String listId;

	private final UnsubscribeTokens tokens;

	private final DkimSigning dkim;

	private final Clock clock;

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
		try {
			String messageId = "<" + week + "." + subscriber.id() + "." + issue.composedAt().getEpochSecond() + idSuffix
					+ "@" + this.messageIdDomain + ">";
			MimeMessage message = new FixedIdMimeMessage(SESSION, messageId);
			message.setFrom(this.from);
			if (this.replyTo != null) {
				message.setReplyTo(new InternetAddress[] { this.replyTo });
			}
			message.setHeader("List-Id", this.listId);
			String token = this.tokens.tokenFor(subscriber);
			// Folded after the comma: the two links make a line of some 240 characters.
			message.setHeader("List-Unsubscribe",
					"<" + this.tokens.urlOf(token) + ">,\r\n <" + this.tokens.mailtoOf(token) + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			message.setRecipient(MimeMessage.RecipientType.TO,
					new InternetAddress(subscriber.email(), subscriber.name(), "UTF-8"));
			message.setSubject(digest.subject(), "UTF-8");
			message.setSentDate(Date.from(this.clock.instant()));
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(encodedPart(digest.textQuotedPrintable(), "text/plain; charset=UTF-8"));
			alternative.addBodyPart(encodedPart(digest.htmlQuotedPrintable(), "text/html; charset=UTF-8"));
			message.setContent(alternative);
			message.saveChanges();
			return new OutgoingMessage(week, subscriber.id(), subscriber.email(), messageId,
					(this.dkim != null) ? this.dkim.sign(message) : message);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("Cannot build the message for " + subscriber.email() + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * A part whose body comes encoded in quoted-printable (see {@link RenderedDigest#htmlQuotedPrintable()}):
	 * with the encoding and the charset set, Jakarta Mail neither scans the text to choose them nor
	 * encodes it again, a byte at a time, as it writes.
	 */
	private static MimeBodyPart encodedPart(byte[] quotedPrintable, String contentType) throws MessagingException {
		MimeBodyPart part = new EncodedBodyPart(quotedPrintable);
		part.setDataHandler(new DataHandler(new ByteArrayDataSource(quotedPrintable, contentType)));
		part.setHeader("Content-Type", contentType);
		part.setHeader("Content-Transfer-Encoding", "quoted-printable");
		return part;
	}

	/**
	 * Writes its headers and its encoded bytes as they are. PreencodedMimeBodyPart would go
	 * through the DataHandler, which looks the content type up in the mailcap tables again for
	 * every part it writes.
	 */
	private static final class EncodedBodyPart extends PreencodedMimeBodyPart {

		private final byte[] encoded;

		EncodedBodyPart(byte[] encoded) {
			super("quoted-printable");
			this.encoded = encoded;
		}

		@Override
		public void writeTo(OutputStream out) throws IOException, MessagingException {
			StringBuilder headers = new StringBuilder(128);
			Enumeration<String> lines = getAllHeaderLines();
			while (lines.hasMoreElements()) {
				headers.append(lines.nextElement()).append("\r\n");
			}
			out.write(headers.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
			out.write(this.encoded);
		}

	}

	/** Keeps the Message-ID we chose (and record in the ledger) instead of the one saveChanges() makes up. */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
