package com.aitoolverdicts.digest.delivery;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;

/**
 * One SMTP submission session (RFC 5321): connect, EHLO, STARTTLS or implicit TLS, AUTH PLAIN or
 * LOGIN, then any number of messages of one recipient each, with MAIL, RCPT and DATA pipelined when
 * the server offers PIPELINING (RFC 2920). The message is written once, straight into the socket's
 * buffer, dot-stuffed and with its line ends made CRLF in the same pass, or as it is when its
 * builder vouches that it needs neither (see {@link #isReadyForData}).
 * <p>
 * Angus Mail's transport, which this replaces for sending, filters every byte through two stream
 * layers and starts a timer task for every write: measured, that was a third of the CPU a
 * connection used. Failures are reported with Angus Mail's exception types, which
 * {@link DeliveryFailure} classifies. Used by one thread at a time.
 */
final class SmtpConnection implements AutoCloseable {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] END_OF_DATA = { '.', '\r', '\n' };

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	/** Closes the socket of a connection whose write has made no progress for the write timeout. */
	private static final ScheduledExecutorService WRITE_WATCHDOG = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "smtp-write-timeout");
		thread.setDaemon(true);
		return thread;
	});

	private final SmtpSettings settings;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	private int buffered;

	private final Map<String, String> extensions = new HashMap<>();

	private ScheduledFuture<?> watchdog;

	/** System.nanoTime() when the write in progress started, 0 when none is. */
	private volatile long writingSince;

	private volatile boolean writeTimedOut;

	/** A message's data was started and not ended: QUIT would become part of it. */
	private boolean inData;

	/** The envelope written with the last end of data, its replies not read yet; null when none was. */
	private Envelope started;

	private SmtpConnection(SmtpSettings settings) {
		this.settings = settings;
	}

	/** Connects, greets, upgrades to TLS and authenticates as the settings say. */
	static SmtpConnection open(SmtpSettings settings) throws MessagingException {
		SmtpConnection connection = new SmtpConnection(settings);
		try {
			connection.connect();
			return connection;
		}
		catch (MessagingException | RuntimeException ex) {
			connection.abandon();
			throw ex;
		}
	}

	private void connect() throws MessagingException {
		int connectTimeout = (int) this.settings.connectTimeout().toMillis();
		try {
			Socket plain = new Socket();
			this.socket = plain;
			plain.setTcpNoDelay(true);
			plain.connect(new InetSocketAddress(this.settings.host(), this.settings.port()), connectTimeout);
		}
		catch (IOException ex) {
			throw new MailConnectException(new SocketConnectException("Could not connect to " + this.settings + ": "
					+ ex.getMessage(), ex, this.settings.host(), this.settings.port(), connectTimeout));
		}
		try {
			if (this.settings.implicitTls()) {
				startTls();
			}
			useStreams();
			long writeTimeout = this.settings.writeTimeout().toMillis();
			if (writeTimeout > 0) {
				long period = Math.max(50, Math.min(1000, writeTimeout / 4));
				this.watchdog = WRITE_WATCHDOG.scheduleWithFixedDelay(this::checkWrite, period, period,
						TimeUnit.MILLISECONDS);
			}
			Reply greeting = read("the greeting");
			if (greeting.code() != 220) {
				throw new SMTPSendFailedException("greeting", greeting.code(),
						"The server at " + this.settings + " refused the session: " + greeting.text(), null, null, null,
						null);
			}
			ehlo();
			if (this.settings.startTls() && !this.settings.implicitTls()) {
				if (this.extensions.containsKey("STARTTLS")) {
					expect(command("STARTTLS"), 220, "STARTTLS");
					startTls();
					useStreams();
					ehlo();
				}
				else if (this.settings.startTlsRequired()) {
					throw new MessagingException("STARTTLS is required (mail.smtp.starttls.required) but " + this.settings
							+ " does not offer it");
				}
			}
			authenticate();
		}
		catch (IOException ex) {
			throw lost("while opening the session", ex);
		}
	}

	private void ehlo() throws IOException, MessagingException {
		String name = this.settings.localHost();
		Reply reply = command("EHLO " + name);
		this.extensions.clear();
		if (reply.code() == 250) {
			String[] lines = reply.text().split("\n");
			for (int i = 1; i < lines.length; i++) {
				String line = (lines[i].length() > 4) ? lines[i].substring(4).strip() : "";
				String upper = line.toUpperCase(Locale.ROOT);
				if (upper.startsWith("AUTH=")) {
					upper = "AUTH " + upper.substring(5);
				}
				int space = upper.indexOf(' ');
				this.extensions.merge((space < 0) ? upper : upper.substring(0, space),
						(space < 0) ? "" : upper.substring(space + 1), (a, b) -> a + " " + b);
			}
			return;
		}
		expect(command("HELO " + name), 250, "HELO");
	}

	private void authenticate() throws IOException, MessagingException {
		String offered = this.extensions.get("AUTH");
		if (!this.settings.hasCredentials()) {
			return;
		}
		if (offered == null) {
			if (this.settings.authRequired()) {
				throw new AuthenticationFailedException("mail.smtp.auth is true but " + this.settings
						+ " offers no AUTH" + (this.settings.startTls() ? "" : " (does it need STARTTLS first?)"));
			}
			return;
		}
		String mechanism = this.settings.authMechanisms()
			.stream()
			.filter((m) -> (" " + offered + " ").contains(" " + m + " "))
			.findFirst()
			.orElseThrow(() -> new AuthenticationFailedException(this.settings + " offers AUTH " + offered
					+ ", none of " + this.settings.authMechanisms()));
		Reply reply;
		if (mechanism.equals("PLAIN")) {
			reply = command("AUTH PLAIN "
					+ base64("\0" + this.settings.username() + "\0" + this.settings.password()), false);
		}
		else {
			reply = command("AUTH LOGIN");
			if (reply.code() == 334) {
				reply = command(base64(this.settings.username()), false);
			}
			if (reply.code() == 334) {
				reply = command(base64(this.settings.password()), false);
			}
		}
		if (reply.code() != 235) {
			throw new AuthenticationFailedException(reply.text());
		}
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private void startTls() throws IOException, MessagingException {
		SSLSocketFactory factory = sslSocketFactory();
		SSLSocket tls = (SSLSocket) factory.createSocket(this.socket, this.settings.host(), this.settings.port(), true);
		this.socket = tls;
		SSLParameters parameters = tls.getSSLParameters();
		if (this.settings.checkServerIdentity() && !this.settings.trusts(this.settings.host())) {
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
		}
		if (this.settings.tlsProtocols() != null) {
			parameters.setProtocols(this.settings.tlsProtocols());
		}
		if (this.settings.tlsCipherSuites() != null) {
			parameters.setCipherSuites(this.settings.tlsCipherSuites());
		}
		tls.setSSLParameters(parameters);
		tls.setSoTimeout((int) this.settings.readTimeout().toMillis());
		tls.startHandshake();
	}

	private SSLSocketFactory sslSocketFactory() throws MessagingException {
		if (this.settings.sslSocketFactory() != null) {
			return this.settings.sslSocketFactory();
		}
		if (!this.settings.trusts(this.settings.host())) {
			return (SSLSocketFactory) SSLSocketFactory.getDefault();
		}
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new TrustingManager() }, new SecureRandom());
			return context.getSocketFactory();
		}
		catch (GeneralSecurityException ex) {
			throw new MessagingException("Cannot set up TLS: " + ex.getMessage(), ex);
		}
	}

	private void useStreams() throws IOException {
		this.socket.setSoTimeout((int) this.settings.readTimeout().toMillis());
		this.in = new BufferedInputStream(this.socket.getInputStream(), 4096);
		this.out = this.socket.getOutputStream();
	}

	/**
	 * Sends {@code message} from {@code sender} to {@code recipient}; returns the server's reply to
	 * its end of data. When this returns the server has accepted the message. The envelope and the
	 * data go at once; the end of data waits for {@code gate}, and when the gate throws, the
	 * connection is dropped with the data unended, so the server accepts nothing.
	 * <p>
	 * The message is its segments one after another. With {@code ready}, the caller vouches that it
	 * needs no stuffing ({@link #isReadyForData}) and it goes as it is, unscanned; if its last
	 * segment does not end with CRLF, without which the final "." would not end the data, it is
	 * stuffed all the same.
	 * <p>
	 * When {@code following} is given and the server offers PIPELINING, it is asked for the next
	 * message's envelope once the data is out (while the gate is waited for), and that envelope
	 * (MAIL, RCPT and DATA) goes in the same write as this message's end of data. Its replies are
	 * read by the next call, which must be for that envelope ({@link #hasStarted}): one round trip
	 * a message instead of two. A connection with a started envelope is in the middle of a
	 * transaction: it can only carry that message or be dropped, which leaves the server with
	 * nothing.
	 */
	String send(String sender, String recipient, byte[][] message, boolean ready, MailTransport.Gate gate,
			Supplier<Envelope> following) throws MessagingException {
		Envelope envelope = new Envelope(sender, recipient);
		boolean utf8 = !envelope.isAscii();
		if (utf8 && !this.extensions.containsKey("SMTPUTF8")) {
			throw new SMTPAddressFailedException(address(recipient), "RCPT TO", 553,
					"553 5.6.7 " + this.settings + " does not offer SMTPUTF8, needed for " + recipient);
		}
		if (hasStartedOtherThan(envelope)) {
			throw new IllegalStateException("The connection carries the envelope of " + this.started.recipient()
					+ ", not of " + recipient);
		}
		String mail = envelope.mail(utf8);
		String rcpt = envelope.rcpt();
		try {
			Reply mailReply;
			Reply rcptReply;
			Reply dataReply;
			if (this.started != null || this.extensions.containsKey("PIPELINING")) {
				if (this.started == null) {
					writeEnvelope(envelope, utf8);
					flush();
				}
				this.started = null;
				mailReply = read(mail);
				rcptReply = read(rcpt);
				dataReply = read("DATA");
				this.inData = dataReply.code() == 354;
			}
			else {
				mailReply = command(mail);
				rcptReply = (mailReply.code() == 250) ? command(rcpt) : null;
				dataReply = (rcptReply != null && accepted(rcptReply)) ? command("DATA") : null;
			}
			if (mailReply.code() != 250) {
				throw new SMTPSenderFailedException(address(sender), mail, mailReply.code(), mailReply.text());
			}
			if (!accepted(rcptReply)) {
				throw new SMTPAddressFailedException(address(recipient), rcpt, rcptReply.code(), rcptReply.text());
			}
			if (dataReply.code() != 354) {
				throw new SMTPSendFailedException("DATA", dataReply.code(), dataReply.text(), null, null, null, null);
			}
			this.inData = true;
			DotStuffing data = new DotStuffing();
			boolean asIs = ready && endsWithCrlf(message);
			for (byte[] segment : message) {
				if (asIs) {
					put(segment, 0, segment.length);
				}
				else {
					data.write(segment, 0, segment.length);
				}
			}
			boolean open = gate.isOpen();
			boolean asking = following != null && this.extensions.containsKey("PIPELINING");
			if (!open || asking) {
				// The server reads the data while the gate is waited for and the next message is built.
				flush();
			}
			Envelope next = asking ? following.get() : null;
			if (!open) {
				gate.await();
			}
			data.end();
			this.inData = false;
			if (next != null && (next.isAscii() || this.extensions.containsKey("SMTPUTF8"))) {
				writeEnvelope(next, !next.isAscii());
				this.started = next;
				// Until its replies are read, QUIT would be taken as part of a message.
				this.inData = true;
			}
			flush();
			Reply end = read("the end of data");
			if (end.code() != 250) {
				throw new SMTPSendFailedException(".", end.code(), end.text(), null, null, null, null);
			}
			return end.text().strip();
		}
		catch (IOException ex) {
			throw lost("while sending to " + recipient, ex);
		}
	}

	/** Whether an envelope went with the last end of data and waits for its message. */
	boolean hasStarted() {
		return this.started != null;
	}

	/** Whether another envelope than {@code envelope} went with the last end of data: this one cannot go here. */
	boolean hasStartedOtherThan(Envelope envelope) {
		return this.started != null && !this.started.equals(envelope);
	}

	private void writeEnvelope(Envelope envelope, boolean utf8) throws IOException {
		write(envelope.mail(utf8));
		write(envelope.rcpt());
		write("DATA");
	}

	private static boolean accepted(Reply rcpt) {
		return rcpt.code() == 250 || rcpt.code() == 251;
	}

	/** Asks the server whether the connection still works (NOOP). */
	boolean isAlive() {
		if (this.started != null) {
			// In the middle of a transaction: a NOOP would be taken as the message.
			return false;
		}
		try {
			return command("NOOP").code() == 250;
		}
		catch (IOException | MessagingException ex) {
			return false;
		}
	}

	/** Ends the session with QUIT when it is in a state to, and closes the socket. */
	@Override
	public void close() {
		if (this.socket != null && !this.socket.isClosed() && !this.inData) {
			try {
				this.socket.setSoTimeout(5000);
				command("QUIT");
			}
			catch (IOException | MessagingException ex) {
				// The connection is being dropped either way; a failed QUIT changes nothing.
			}
		}
		abandon();
	}

	/** Closes the socket without a word: a message whose data was not ended is not accepted. */
	private void abandon() {
		if (this.watchdog != null) {
			this.watchdog.cancel(false);
		}
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Closed either way.
			}
		}
	}

	private void checkWrite() {
		long since = this.writingSince;
		if (since != 0 && System.nanoTime() - since > this.settings.writeTimeout().toNanos()) {
			this.writeTimedOut = true;
			abandon();
		}
	}

	private Reply command(String line) throws IOException, MessagingException {
		return command(line, true);
	}

	private Reply command(String line, boolean showable) throws IOException, MessagingException {
		write(line);
		flush();
		return read(showable ? line : "a credential");
	}

	private void expect(Reply reply, int code, String what) throws MessagingException {
		if (reply.code() != code) {
			throw new SMTPSendFailedException(what, reply.code(), reply.text(), null, null, null, null);
		}
	}

	private void write(String command) throws IOException {
		byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
		put(bytes, 0, bytes.length);
		put(CRLF, 0, 2);
	}

	private void put(byte[] bytes, int offset, int length) throws IOException {
		while (length > 0) {
			if (this.buffered == this.buffer.length) {
				flush();
			}
			int room = Math.min(length, this.buffer.length - this.buffered);
			System.arraycopy(bytes, offset, this.buffer, this.buffered, room);
			this.buffered += room;
			offset += room;
			length -= room;
		}
	}

	private void flush() throws IOException {
		if (this.buffered == 0) {
			return;
		}
		this.writingSince = System.nanoTime() | 1;
		try {
			this.out.write(this.buffer, 0, this.buffered);
			this.out.flush();
			this.buffered = 0;
		}
		finally {
			this.writingSince = 0;
		}
	}

	/** One reply, all its lines: a three-digit code, then "-" on every line but the last. */
	private Reply read(String to) throws IOException, MessagingException {
		StringBuilder text = new StringBuilder(64);
		while (true) {
			String line = readLine(to);
			if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
					|| !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
							&& line.charAt(3) != '-')) {
				throw new MessagingException("The reply of " + this.settings + " to " + to + " is not SMTP: '" + line + "'");
			}
			text.append(line);
			if (line.length() == 3 || line.charAt(3) == ' ') {
				return new Reply(Integer.parseInt(line, 0, 3, 10), text.toString());
			}
			text.append('\n');
		}
	}

	private String readLine(String to) throws IOException, MessagingException {
		StringBuilder line = new StringBuilder(64);
		while (true) {
			int c;
			try {
				c = this.in.read();
			}
			catch (SocketTimeoutException ex) {
				throw new MessagingException("No reply from " + this.settings + " to " + to + " within "
						+ this.settings.readTimeout().toSeconds() + " s (mail.smtp.timeout)", ex);
			}
			if (c < 0) {
				throw new MessagingException("The server at " + this.settings + " closed the connection without a reply to "
						+ to);
			}
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() > 4096) {
				throw new MessagingException("The reply of " + this.settings + " to " + to + " has a line longer than 4096");
			}
			line.append((char) c);
		}
	}

	private MessagingException lost(String when, IOException ex) {
		abandon();
		if (this.writeTimedOut) {
			return new MessagingException("No progress writing to " + this.settings + " for "
					+ this.settings.writeTimeout().toSeconds() + " s (mail.smtp.writetimeout) " + when, ex);
		}
		return new MessagingException("Lost the connection to " + this.settings + " " + when + ": " + ex.getMessage(),
				ex);
	}

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 127) {
				return false;
			}
		}
		return true;
	}

	private static InternetAddress address(String email) {
		InternetAddress address = new InternetAddress();
		address.setAddress(email);
		return address;
	}

	private record Reply(int code, String text) {
	}

	/** Who a message is from and to, as MAIL and RCPT give it. */
	record Envelope(String sender, String recipient) {

		String mail(boolean utf8) {
			return "MAIL FROM:<" + this.sender + ">" + (utf8 ? " SMTPUTF8" : "");
		}

		String rcpt() {
			return "RCPT TO:<" + this.recipient + ">";
		}

		boolean isAscii() {
			return SmtpConnection.isAscii(this.sender) && SmtpConnection.isAscii(this.recipient);
		}

	}

	/**
	 * The message's data as SMTP carries it: every line ended by CRLF (a lone CR or LF becomes
	 * one), a dot doubled where it starts a line, and the final {@code .} line.
	 */
	private final class DotStuffing extends OutputStream {

		private boolean lineStart = true;

		private boolean afterCr;

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			int end = offset + length;
			int from = offset;
			int i = offset;
			while (i < end) {
				if (this.afterCr) {
					this.afterCr = false;
					this.lineStart = true;
					if (bytes[i] == '\n') {
						i++;
						continue;
					}
					// A lone CR: its LF goes out after it.
					put(bytes, from, i - from);
					put(CRLF, 1, 1);
					from = i;
				}
				if (this.lineStart) {
					this.lineStart = false;
					if (bytes[i] == '.') {
						put(bytes, from, i - from);
						put(END_OF_DATA, 0, 1);
						from = i;
					}
				}
				i = nextLineBreak(bytes, i, end);
				if (i == end) {
					break;
				}
				if (bytes[i] == '\r') {
					this.afterCr = true;
				}
				else {
					// A lone LF: a CR goes out before it.
					put(bytes, from, i - from);
					put(CRLF, 0, 2);
					from = i + 1;
					this.lineStart = true;
				}
				i++;
			}
			put(bytes, from, end - from);
		}

		void end() throws IOException {
			if (this.afterCr) {
				put(CRLF, 1, 1);
			}
			else if (!this.lineStart) {
				put(CRLF, 0, 2);
			}
			put(END_OF_DATA, 0, 3);
		}

	}

	/**
	 * Whether {@code bytes} can go into SMTP's data as they are: every CR followed by LF, every LF
	 * after a CR, no line starting with a dot, and the last line ended. For checking a message's
	 * small parts (its headers) once, so that the whole need not be scanned as it is written.
	 */
	static boolean isReadyForData(byte[] bytes) {
		int n = bytes.length;
		if (n < 2 || bytes[n - 2] != '\r' || bytes[n - 1] != '\n' || bytes[0] == '.') {
			return false;
		}
		for (int i = 0; i < n; i++) {
			byte b = bytes[i];
			if (b == '\r' && (i + 1 == n || bytes[i + 1] != '\n')) {
				return false;
			}
			if (b == '\n' && (i == 0 || bytes[i - 1] != '\r' || (i + 1 < n && bytes[i + 1] == '.'))) {
				return false;
			}
		}
		return true;
	}

	/** Whether the last segment ends with CRLF (a message ending otherwise is stuffed, which ends its line). */
	private static boolean endsWithCrlf(byte[][] segments) {
		byte[] last = segments[segments.length - 1];
		int n = last.length;
		return n >= 2 && last[n - 2] == '\r' && last[n - 1] == '\n';
	}

	/**
	 * The index of the first CR or LF in {@code bytes} from {@code from} on, or {@code end}. Eight
	 * bytes at a time: a 30 KB digest has a line break every 78 bytes at most, and a byte-by-byte
	 * loop through its spaces and punctuation was the send's largest cost in the JVM.
	 */
	static int nextLineBreak(byte[] bytes, int from, int end) {
		int i = from;
		for (; i + Long.BYTES <= end; i += Long.BYTES) {
			long word = (long) LONGS.get(bytes, i);
			if (hasZeroByte(word ^ 0x0A0A0A0A0A0A0A0AL) || hasZeroByte(word ^ 0x0D0D0D0D0D0D0D0DL)) {
				break;
			}
		}
		for (; i < end; i++) {
			byte c = bytes[i];
			if (c == '\r' || c == '\n') {
				return i;
			}
		}
		return end;
	}

	/** Whether any of the eight bytes of {@code word} is zero (exact: no false positive decides anything here). */
	private static boolean hasZeroByte(long word) {
		return ((word - 0x0101010101010101L) & ~word & 0x8080808080808080L) != 0;
	}

	/** Trusts any certificate: only for hosts listed in mail.smtp.ssl.trust. */
	private static final class TrustingManager implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
