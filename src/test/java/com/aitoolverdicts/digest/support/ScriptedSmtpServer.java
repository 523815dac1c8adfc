package com.aitoolverdicts.digest.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server for tests that need a server which refuses: GreenMail accepts everything.
 * It records every message it accepts and answers the end of data of chosen messages (counted from
 * 1 across all connections) with a scripted reply instead of 250.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());

	private final Map<Integer, String> scriptedReplies = new ConcurrentHashMap<>();

	private final AtomicInteger messages = new AtomicInteger();

	private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();

	private final java.util.Set<Integer> drops = ConcurrentHashMap.newKeySet();

	private final java.util.Set<String> dropRecipients = ConcurrentHashMap.newKeySet();

	private final Map<Integer, HeldReply> held = new ConcurrentHashMap<>();

	private volatile long delayMillis;

	private volatile boolean pipelining;

	private final AtomicInteger pipelinedCommands = new AtomicInteger();

	private final AtomicInteger sentWithEndOfData = new AtomicInteger();

	private final AtomicInteger commandsInData = new AtomicInteger();

	private final AtomicInteger sessions = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger mostOpen = new AtomicInteger();

	public ScriptedSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.executor.submit(this::acceptLoop);
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** Answers the end of data of the {@code nth} message with {@code reply} (for example "451 4.3.0 Try later"). */
	public ScriptedSmtpServer replyTo(int nth, String reply) {
		this.scriptedReplies.put(nth, reply);
		return this;
	}

	/** Closes the connection without a reply after the data of the {@code nth} message: not accepted. */
	public ScriptedSmtpServer dropConnectionAt(int nth) {
		this.drops.add(nth);
		return this;
	}

	/** Closes the connection without a reply at the end of data of every message to {@code email}. */
	public ScriptedSmtpServer dropConnectionFor(String email) {
		this.dropRecipients.add(email);
		return this;
	}

	/** Answers RCPT TO for {@code email} with {@code reply} (for example "550 5.1.1 No such user"), until cleared. */
	public ScriptedSmtpServer replyToRecipient(String email, String reply) {
		this.recipientReplies.put(email, reply);
		return this;
	}

	public ScriptedSmtpServer clearRecipientReplies() {
		this.recipientReplies.clear();
		return this;
	}

	/** Waits {@code delay} before answering each end of data: a slow server, so that a send takes a while. */
	public ScriptedSmtpServer delayEachReply(Duration delay) {
		this.delayMillis = delay.toMillis();
		return this;
	}

	/**
	 * Holds the reply to the end of data of the {@code nth} message until released. Until then the
	 * message is not accepted: a client killed meanwhile has delivered nothing, exactly as with a
	 * real server that had not replied 250 yet.
	 */
	public HeldReply holdReplyTo(int nth) {
		HeldReply reply = new HeldReply(new CountDownLatch(1), new CountDownLatch(1));
		this.held.put(nth, reply);
		return reply;
	}

	/** Offers PIPELINING (RFC 2920) in its EHLO reply. */
	public ScriptedSmtpServer offerPipelining() {
		this.pipelining = true;
		return this;
	}

	/** Commands that arrived before the reply to the one before them was sent: the client pipelined. */
	public int pipelinedCommands() {
		return this.pipelinedCommands.get();
	}

	/** Ends of data that arrived with more after them (the next envelope, pipelined) before their reply. */
	public int sentWithEndOfData() {
		return this.sentWithEndOfData.get();
	}

	/** Lines of message data that were SMTP commands (QUIT, NOOP, RSET): a client that forgot it was in DATA. */
	public int commandsInData() {
		return this.commandsInData.get();
	}

	/** The most connections that were open at the same time. */
	public int mostConnectionsAtOnce() {
		return this.mostOpen.get();
	}

	/** How many accepted messages each recipient got. */
	public Map<String, Long> perRecipient() {
		return accepted().stream()
			.flatMap((message) -> message.recipients().stream())
			.collect(java.util.stream.Collectors.groupingBy(java.util.function.Function.identity(),
					java.util.stream.Collectors.counting()));
	}

	/** The messages accepted so far, in order. */
	public List<Accepted> accepted() {
		synchronized (this.accepted) {
			return List.copyOf(this.accepted);
		}
	}

	private void acceptLoop() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				int session = this.sessions.incrementAndGet();
				this.executor.submit(() -> {
					int open = this.open.incrementAndGet();
					this.mostOpen.accumulateAndGet(open, Math::max);
					try {
						serve(client, session);
					}
					finally {
						this.open.decrementAndGet();
					}
				});
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client, int session) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
				OutputStream out = client.getOutputStream()) {
			reply(out, "220 scripted.test ESMTP");
			List<String> recipients = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase();
				if ((command.startsWith("MAIL FROM") || command.startsWith("RCPT TO")) && in.ready()) {
					this.pipelinedCommands.incrementAndGet();
				}
				if (command.startsWith("EHLO")) {
					reply(out, "250-scripted.test\r\n250-8BITMIME\r\n" + (this.pipelining ? "250-PIPELINING\r\n" : "")
							+ "250 SMTPUTF8");
				}
				else if (command.startsWith("HELO") || command.startsWith("NOOP")) {
					reply(out, "250 OK");
				}
				else if (command.startsWith("MAIL FROM")) {
					recipients.clear();
					reply(out, "250 2.1.0 OK");
				}
				else if (command.startsWith("RCPT TO")) {
					String recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
					String scripted = this.recipientReplies.get(recipient);
					if (scripted != null) {
						reply(out, scripted);
					}
					else {
						recipients.add(recipient);
						reply(out, "250 2.1.5 OK");
					}
				}
				else if (command.equals("DATA")) {
					if (recipients.isEmpty()) {
						reply(out, "554 5.5.1 No valid recipients");
						continue;
					}
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
					long dataStarted = System.nanoTime();
					StringBuilder data = new StringBuilder();
					while ((line = in.readLine()) != null && !line.equals(".")) {
						if (line.equals("QUIT") || line.equals("NOOP") || line.equals("RSET")) {
							this.commandsInData.incrementAndGet();
						}
						data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
					}
					if (line == null) {
						// The client went away before the final dot: a real server accepts nothing.
						return;
					}
					if (in.ready()) {
						this.sentWithEndOfData.incrementAndGet();
					}
					Duration untilEnd = Duration.ofNanos(System.nanoTime() - dataStarted);
					int nth = this.messages.incrementAndGet();
					if (this.drops.contains(nth) || recipients.stream().anyMatch(this.dropRecipients::contains)) {
						return;
					}
					HeldReply hold = this.held.get(nth);
					if (hold != null) {
						hold.arrived().countDown();
						try {
							hold.released().await();
						}
						catch (InterruptedException ex) {
							return;
						}
					}
					if (this.delayMillis > 0) {
						sleep(this.delayMillis);
					}
					String scripted = this.scriptedReplies.get(nth);
					if (scripted != null) {
						reply(out, scripted);
					}
					else {
						this.accepted.add(new Accepted(List.copyOf(recipients), data.toString(), session, untilEnd));
						reply(out, "250 2.0.0 Ok: queued as " + nth);
					}
				}
				else if (command.startsWith("RSET")) {
					recipients.clear();
					reply(out, "250 OK");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 Bye");
					return;
				}
				else {
					reply(out, "502 5.5.2 Command not recognized");
				}
			}
		}
		catch (SocketException ex) {
			// The client went away.
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.executor.shutdownNow();
	}

	/** A reply being held: {@code arrived} opens when the message is in, {@link #release()} lets it be accepted. */
	public record HeldReply(CountDownLatch arrived, CountDownLatch released) {

		public boolean awaitArrival(Duration timeout) throws InterruptedException {
			return this.arrived.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}

		public void release() {
			this.released.countDown();
		}

	}

	/**
	 * A message the server accepted: its envelope recipients, its data, the connection it came on
	 * (from 1), and how long after the server's 354 its end of data arrived.
	 */
	public record Accepted(List<String> recipients, String data, int connection, Duration untilEndOfData) {
	}

}
