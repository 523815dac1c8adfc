package com.aitoolverdicts.digest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.aitoolverdicts.digest.DigestProperties;

import com.aitoolverdicts.digest.delivery.DeliveryFailure;
import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.delivery.MailTransport;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.delivery.OutgoingMessage;
import com.aitoolverdicts.digest.delivery.SendRate;
import com.aitoolverdicts.digest.delivery.Transports;
import com.aitoolverdicts.digest.issue.Audience;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.DigestRenderer;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Renders and delivers each subscriber's digest over {@code digest.smtp.connections} connections
 * at once, one message at a time on each. Before each chunk it asks the ledger which subscribers
 * already have this issue, and once the transport accepts a message its delivery is recorded on
 * its own. That row commits while the same connection sends the next message's envelope and data,
 * and so does the check that the next message's subscriber is still active; the next message's
 * end of data waits for both (the {@link DeliveryRecorder} does them for all connections at once).
 * A server accepts nothing before the end of data, so whatever the batch re-writes or restarts,
 * nobody is mailed twice, a crash can leave at most one accepted but unrecorded message per
 * connection, and an unsubscribe that lands while a message is on the wire stops it unaccepted.
 * A chunk returns once all its messages are recorded.
 */
class DigestWriter implements ItemWriter<Subscriber>, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(DigestWriter.class);

	private final IssueRepository issues;

	private final SubscriberRepository subscribers;

	private final DeliveryLedger ledger;

	private final DigestRenderer renderer;

	private final MessageFactory messages;

	private final Transports transports;

	private final SendLease lease;

	private final SendStop stop;

	private final DigestProperties properties;

	private final Clock clock;

	private final SendTimings timings;

	private final SendRate rate;

	private Issue issue;

	/** The connections, each used by one worker at a time. */
	private BlockingQueue<Lane> connections;

	/** All of them, to wait at the end of a chunk for the rows still being recorded. */
	private List<Lane> lanes;

	private ExecutorService workers;

	/** Records deliveries and checks statuses for all connections, while their messages go. */
	private DeliveryRecorder recorder;

	private boolean failedOnly;

	private long permanentLimit;

	private final AtomicLong permanentFailures = new AtomicLong();

	/** When the server stopped answering, across all connections; null while it answers. */
	private final AtomicReference<Instant> unreachableSince = new AtomicReference<>();

	/** Set when a message failed the send: messages not yet started are left for the rerun. */
	private volatile boolean halted;

	/** Set when too many addresses were refused for good: the bounces are reopened once all stopped. */
	private volatile boolean reopenBounces;

	private long lastWriteEnded;

	/** Subscribers this step went through, and when the database's statistics are refreshed next. */
	private long read;

	private long refreshStatisticsAt;

	DigestWriter(IssueRepository issues, SubscriberRepository subscribers, DeliveryLedger ledger,
			DigestRenderer renderer, MessageFactory messages, Transports transports, SendLease lease,
			SendStop stop, DigestProperties properties, Clock clock, SendTimings timings, SendRate rate) {
		this.issues = issues;
		this.subscribers = subscribers;
		this.ledger = ledger;
		this.renderer = renderer;
		this.messages = messages;
		this.transports = transports;
		this.lease = lease;
		this.stop = stop;
		this.properties = properties;
		this.clock = clock;
		this.timings = timings;
		this.rate = rate;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		IsoWeek week = IsoWeek.parse(stepExecution.getJobParameters().getString(DigestJobConfiguration.WEEK));
		this.issue = this.issues.find(week)
			.orElseThrow(() -> new IllegalStateException("The issue of " + week + " was not composed"));
		this.failedOnly = "true".equals(stepExecution.getJobParameters().getString(DigestJobConfiguration.FAILED_ONLY));
		this.permanentLimit = this.properties.permanentFailureLimit(this.subscribers.countActive());
		this.permanentFailures.set(this.ledger.countsByState(this.issue.id()).get("bounced"));
		this.unreachableSince.set(null);
		this.halted = false;
		this.reopenBounces = false;
		this.renderer.templates();
		int count = this.properties.getSmtp().getConnections();
		this.connections = new ArrayBlockingQueue<>(count);
		this.lanes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Lane lane = new Lane(this.transports.open());
			this.lanes.add(lane);
			this.connections.add(lane);
		}
		this.workers = Executors.newFixedThreadPool(count, threads("digest-send-"));
		this.recorder = new DeliveryRecorder(this.ledger, this.subscribers, this.issue.id(), this.timings);
		this.read = 0;
		this.refreshStatisticsAt = 1000;
		this.ledger.refreshStatistics();
		this.lastWriteEnded = System.nanoTime();
	}

	@Override
	public void write(Chunk<? extends Subscriber> chunk) throws JobInterruptedException {
		this.read += chunk.size();
		if (this.read >= this.refreshStatisticsAt) {
			// As the ledger doubles: a handful of ANALYZEs in a send of any size.
			this.refreshStatisticsAt *= 2;
			this.ledger.refreshStatistics();
		}
		List<Long> ids = chunk.getItems().stream().map(Subscriber::id).toList();
		Map<Long, String> states = this.ledger.statesAmong(this.issue.id(), ids);
		Map<Long, List<String>> categories = this.subscribers.categoriesOf(ids);
		this.timings.addRead(System.nanoTime() - this.lastWriteEnded);
		List<Future<?>> messages = new ArrayList<>();
		for (Subscriber item : chunk) {
			String state = states.get(item.id());
			if (DeliveryLedger.isFinal(state) || (this.failedOnly && state == null)) {
				continue;
			}
			// No stop check here: a stop must not leave this chunk's messages in flight unwaited for.
			// The workers check before each message, and halt the rest.
			Subscriber subscriber = item.withCategories(categories.getOrDefault(item.id(), List.of()));
			messages.add(this.workers.submit(() -> {
				try {
					send(subscriber);
				}
				catch (JobInterruptedException | RuntimeException | Error ex) {
					// At once, before this connection takes the next message.
					this.halted = true;
					throw ex;
				}
				return null;
			}));
		}
		try {
			try {
				awaitAll(messages);
			}
			catch (JobInterruptedException | RuntimeException | Error ex) {
				try {
					awaitRecorded();
				}
				catch (RuntimeException | Error alsoFailed) {
					if (alsoFailed != ex) {
						ex.addSuppressed(alsoFailed);
					}
				}
				throw ex;
			}
			awaitRecorded();
		}
		finally {
			if (this.reopenBounces) {
				this.ledger.reopenBounces(this.issue.id());
			}
			this.lastWriteEnded = System.nanoTime();
		}
	}

	/**
	 * Waits for every message of the chunk. The first failure halts the messages not yet started
	 * (those in flight finish and are recorded) and is thrown once all have stopped.
	 */
	private void awaitAll(List<Future<?>> messages) throws JobInterruptedException {
		Throwable first = null;
		boolean wasInterrupted = false;
		for (Future<?> message : messages) {
			while (true) {
				try {
					message.get();
					break;
				}
				catch (ExecutionException ex) {
					this.halted = true;
					first = (first != null) ? first : ex.getCause();
					break;
				}
				catch (InterruptedException ex) {
					// Still wait: a message in flight must be recorded before the chunk ends.
					this.halted = true;
					wasInterrupted = true;
				}
			}
		}
		if (wasInterrupted) {
			Thread.currentThread().interrupt();
			first = (first != null) ? first : new JobInterruptedException("Interrupted while sending");
		}
		if (first instanceof JobInterruptedException interrupted) {
			throw interrupted;
		}
		if (first instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (first instanceof Error error) {
			throw error;
		}
		if (first != null) {
			throw new IllegalStateException(first);
		}
	}

	/**
	 * Waits for the rows each connection's last message is being recorded with. Runs even when a
	 * message failed; throws the first recording failure when nothing else was thrown.
	 */
	private void awaitRecorded() {
		Throwable first = null;
		for (Lane lane : this.lanes) {
			try {
				lane.awaitRecorded();
			}
			catch (RuntimeException | Error ex) {
				this.halted = true;
				// An Error outranks any exception.
				first = (first == null || (ex instanceof Error && !(first instanceof Error))) ? ex : first;
			}
		}
		if (first instanceof Error error) {
			throw error;
		}
		if (first != null) {
			throw (RuntimeException) first;
		}
	}

	/** One subscriber, on a worker thread: the last checks, then the message over a free connection. */
	private void send(Subscriber subscriber) throws JobInterruptedException {
		if (this.halted) {
			return;
		}
		checkNotStopped(subscriber);
		long checking = System.nanoTime();
		this.lease.checkHeld();
		this.timings.addLeaseCheck(System.nanoTime() - checking);
		Audience audience = this.renderer.audience(this.issue, subscriber);
		if (audience.isEmpty()) {
			if (!this.subscribers.isActive(subscriber.id())) {
				// Unsubscribed since the page was read: owed nothing, not even a reason.
				return;
			}
			this.ledger.recordSkipped(this.issue.id(), subscriber.id(), Audience.NOTHING_NEW);
			return;
		}
		Lane lane = this.connections.poll();
		if (lane == null) {
			throw new IllegalStateException("No free SMTP connection for " + subscriber.email());
		}
		try {
			deliver(lane, subscriber, audience);
		}
		finally {
			this.connections.add(lane);
		}
	}

	/**
	 * Delivers one message, trying again as {@link DeliveryFailure} says: a temporary refusal up to
	 * digest.retry.attempts times (then deferred), an unreachable server for up to
	 * digest.retry.give-up-after (then the send stops), a refused recipient never (bounced), and a
	 * refused message not at all (the send stops). Every outcome but delivered is in the ledger
	 * before it returns; delivered is being recorded, and is in the ledger before this connection's
	 * next message is accepted. A subscriber found no longer active before the end of data is not
	 * mailed (the message is dropped unended) and not owed the issue: nothing is recorded.
	 */
	private void deliver(Lane lane, Subscriber subscriber, Audience audience)
			throws JobInterruptedException {
		long rendering = System.nanoTime();
		OutgoingMessage message = this.messages.build(this.issue, subscriber,
				this.renderer.render(this.issue, subscriber, audience));
		this.timings.addRender(System.nanoTime() - rendering);
		long issueId = this.issue.id();
		int attempts = this.properties.getRetry().getAttempts();
		int connectionFailures = 0;
		int refusals = 0;
		boolean retrying = false;
		while (true) {
			if (retrying && !this.subscribers.isActive(subscriber.id())) {
				// Unsubscribed while this message waited to be tried again.
				return;
			}
			retrying = true;
			DeliveryFailure failure;
			try {
				long waiting = System.nanoTime();
				this.rate.acquire();
				this.timings.addThrottled(System.nanoTime() - waiting);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new JobInterruptedException("Interrupted while waiting for digest.smtp.max-per-second");
			}
			try {
				long sending = System.nanoTime();
				lane.waited = 0;
				lane.active = this.recorder.isActive(subscriber.id());
				String reply = lane.transport.deliver(message, lane);
				this.timings.addSend(System.nanoTime() - sending - lane.waited);
				this.unreachableSince.set(null);
				lane.record(subscriber, message.messageId(), reply);
				return;
			}
			catch (NoLongerActive ex) {
				// Unsubscribed (or bounced) since the page was read: the server accepted nothing.
				return;
			}
			catch (MessagingException ex) {
				failure = DeliveryFailure.of(ex);
			}
			if (failure.kind() != DeliveryFailure.Kind.CONNECTION && failure.kind() != DeliveryFailure.Kind.UNREACHABLE) {
				this.unreachableSince.set(null);
			}
			switch (failure.kind()) {
				case PERMANENT -> {
					if (!this.subscribers.isActive(subscriber.id())) {
						// Refused before the status check at the end of data: unsubscribed meanwhile, owed nothing.
						return;
					}
					this.ledger.recordBounced(issueId, subscriber.id(), message.messageId(), failure.reply());
					long refused = this.permanentFailures.incrementAndGet();
					if (refused > this.permanentLimit) {
						this.halted = true;
						this.reopenBounces = true;
						throw new SendRefusedException(refused + " addresses were refused for good, more than "
								+ "digest.max-permanent-failures=" + this.properties.getMaxPermanentFailures()
								+ " allows: the message or the server is at fault, not the list, so nobody was marked "
								+ "bounced. Last: " + failure.reply());
					}
					return;
				}
				case FATAL -> {
					// Before anything else: the other connections must not start another message.
					this.halted = true;
					this.ledger.recordFailed(issueId, subscriber.id(), message.messageId(), failure.reply());
					throw new SendRefusedException("The server refuses the message itself, so every recipient would "
							+ "bounce; stopped at " + subscriber.email() + ": " + failure.reply());
				}
				case UNREACHABLE, CONNECTION -> {
					Instant now = this.clock.instant();
					this.unreachableSince.compareAndSet(null, now);
					Instant since = Objects.requireNonNullElse(this.unreachableSince.get(), now);
					if (Duration.between(since, now).compareTo(this.properties.getRetry().getGiveUpAfter()) >= 0) {
						this.halted = true;
						this.ledger.recordFailed(issueId, subscriber.id(), message.messageId(), failure.reply());
						throw new ServerUnreachableException("The mail server has been unreachable since "
								+ since + " (digest.retry.give-up-after="
								+ this.properties.getRetry().getGiveUpAfter() + "): " + failure.reply());
					}
					connectionFailures++;
					if (failure.kind() == DeliveryFailure.Kind.CONNECTION && connectionFailures >= attempts) {
						// This message keeps losing the connection while the outage clock runs on for the next
						// ones: defer it rather than let one message hold the whole week.
						this.ledger.recordDeferred(issueId, subscriber.id(), message.messageId(), failure.reply());
						return;
					}
					pause(this.properties.getRetry().delayAfter(connectionFailures, ThreadLocalRandom.current().nextDouble()),
							subscriber);
				}
				case TRANSIENT -> {
					if (++refusals >= attempts) {
						this.ledger.recordDeferred(issueId, subscriber.id(), message.messageId(), failure.reply());
						return;
					}
					pause(this.properties.getRetry().delayAfter(refusals, ThreadLocalRandom.current().nextDouble()),
							subscriber);
				}
			}
		}
	}

	/** Waits before the next attempt, but not past a stop request. */
	private void pause(Duration delay, Subscriber subscriber) throws JobInterruptedException {
		long until = System.nanoTime() + delay.toNanos();
		while (System.nanoTime() < until) {
			checkNotStopped(subscriber);
			try {
				Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new JobInterruptedException("Interrupted while waiting to retry " + subscriber.email());
			}
		}
	}

	private void checkNotStopped(Subscriber next) throws JobInterruptedException {
		if (this.stop.isRequested()) {
			throw new JobInterruptedException("Stopped on request before " + next.email());
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.workers != null) {
			// Every chunk waited for its messages; nothing should be running.
			this.workers.shutdown();
			try {
				if (!this.workers.awaitTermination(1, TimeUnit.MINUTES)) {
					this.workers.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.workers = null;
		}
		if (this.recorder != null) {
			// Every chunk waited for its rows too, unless an Error cut that short: let them finish.
			this.recorder.close();
			this.recorder = null;
		}
		if (this.lanes != null) {
			this.lanes.forEach((lane) -> lane.transport.close());
			this.lanes = null;
			this.connections = null;
		}
		return null;
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger numbers = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + numbers.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * One SMTP connection, the delivery row of the last message it carried while that row is
	 * committed, and the status check of the subscriber of the message it carries now. The
	 * message's end of data waits for both (the connection calls {@link #await()} as the
	 * message's gate): the server's accepting a message and the ledger's recording it overlap, and
	 * still at most one message per connection is accepted and not yet recorded. Used by one worker
	 * at a time.
	 */
	private final class Lane implements MailTransport.Gate {

		private final MailTransport transport;

		private CompletableFuture<Void> recording = CompletableFuture.completedFuture(null);

		/** Whether the subscriber of the message going now is still active. */
		private CompletableFuture<Boolean> active = CompletableFuture.completedFuture(true);

		/** Nanoseconds the current message waited for the row before it and its status check. */
		private long waited;

		Lane(MailTransport transport) {
			this.transport = transport;
		}

		/**
		 * Records the message just accepted, on the recorder's thread. A failure halts the send at
		 * once and is logged then, naming the subscriber who will be mailed again, whatever else the
		 * send ends with.
		 */
		void record(Subscriber subscriber, String messageId, String reply) {
			this.recording = DigestWriter.this.recorder.recordDelivered(subscriber.id(), messageId, reply)
				.whenComplete((done, failure) -> {
					if (failure != null) {
						DigestWriter.this.halted = true;
						logger.error(((failure instanceof CompletionException && failure.getCause() != null)
								? failure.getCause() : failure).getMessage());
					}
				});
		}

		@Override
		public boolean isOpen() {
			return this.recording.isDone() && !this.recording.isCompletedExceptionally() && this.active.isDone()
					&& !this.active.isCompletedExceptionally() && this.active.join();
		}

		@Override
		public void await() {
			long waiting = System.nanoTime();
			try {
				awaitRecorded();
				if (!join(this.active)) {
					throw new NoLongerActive();
				}
			}
			finally {
				long waited = System.nanoTime() - waiting;
				this.waited += waited;
				DigestWriter.this.timings.addRecordWait(waited);
			}
		}

		/** Returns once the last row is committed; throws what failed it. */
		void awaitRecorded() {
			join(this.recording);
		}

		private static <T> T join(CompletableFuture<T> future) {
			try {
				return future.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException failure) {
					throw failure;
				}
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw ex;
			}
		}

	}

	/** The subscriber is no longer active: their message must not be let go. */
	private static final class NoLongerActive extends RuntimeException {

		NoLongerActive() {
			super("No longer active", null, false, false);
		}

	}

}
