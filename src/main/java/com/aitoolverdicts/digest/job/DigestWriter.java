package com.aitoolverdicts.digest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import java.util.function.Supplier;

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
 * its own. That row commits while the same connection sends the next messages (their envelope
 * goes with the end of data before, when the server pipelines); the end of data of the message
 * digest.smtp.unrecorded-per-connection (N) after it waits for it (the {@link DeliveryRecorder}
 * writes the rows of all connections at once). A server accepts nothing before the end of data,
 * so whatever the batch re-writes or restarts, nobody is mailed twice, and a crash can leave at
 * most N accepted but unrecorded messages per connection. Whether the chunk's subscribers are
 * still active is checked for all of them at once ({@link ChunkStatuses}): an unsubscribe that
 * lands while a message is on the wire, and more than 0.1 s before it started, stops it
 * unaccepted. A chunk returns once all its messages are recorded.
 */
class DigestWriter implements ItemWriter<Subscriber>, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(DigestWriter.class);

	private final IssueRepository issues;

	private final SubscriberRepository subscribers;

	/** Says when the chunk's subscribers were read as active. */
	private final ActiveSubscribersReader pages;

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

	/** The connections, each drained through a chunk by one worker. */
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

	/** Whether the chunk's subscribers are still active, checked for all of them at once. */
	private final ChunkStatuses statuses = new ChunkStatuses();

	/** Subscribers this step went through, and when the database's statistics are refreshed next. */
	private long read;

	private long refreshStatisticsAt;

	DigestWriter(IssueRepository issues, SubscriberRepository subscribers, ActiveSubscribersReader pages,
			DeliveryLedger ledger,
			DigestRenderer renderer, MessageFactory messages, Transports transports, SendLease lease,
			SendStop stop, DigestProperties properties, Clock clock, SendTimings timings, SendRate rate) {
		this.issues = issues;
		this.subscribers = subscribers;
		this.pages = pages;
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
		this.lanes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			this.lanes.add(new Lane(this.transports.open(), this.properties.getSmtp().getUnrecordedPerConnection()));
		}
		this.workers = Executors.newFixedThreadPool(count, threads("digest-send-"));
		this.recorder = new DeliveryRecorder(this.ledger, this.subscribers, this.issue.id(), this.timings,
				this.properties.getSmtp().getUnrecordedPerConnection());
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
		OptionalLong seen = ids.isEmpty() ? OptionalLong.empty()
				: this.pages.seenActiveAt(Collections.min(ids), Collections.max(ids));
		Map<Long, String> states = this.ledger.statesAmong(this.issue.id(), ids);
		List<Subscriber> owed = new ArrayList<>();
		for (Subscriber item : chunk) {
			String state = states.get(item.id());
			if (!DeliveryLedger.isFinal(state) && !(this.failedOnly && state == null)) {
				owed.add(item);
			}
		}
		// Categories and status checks only for those owed the issue: after a resume, few of a chunk.
		List<Long> owedIds = owed.stream().map(Subscriber::id).toList();
		Map<Long, List<String>> categories = owedIds.isEmpty() ? Map.of() : this.subscribers.categoriesOf(owedIds);
		this.statuses.startChunk(owedIds, seen.isPresent() ? seen.getAsLong() : null);
		this.timings.addRead(System.nanoTime() - this.lastWriteEnded);
		Queue<Subscriber> due = new ConcurrentLinkedQueue<>();
		owed.forEach((item) -> due.add(item.withCategories(categories.getOrDefault(item.id(), List.of()))));
		// No stop check here: a stop must not leave this chunk's messages in flight unwaited for.
		// The workers check before each message, and halt the rest.
		List<Future<?>> messages = new ArrayList<>();
		for (Lane lane : this.lanes) {
			messages.add(this.workers.submit(() -> {
				try {
					drain(lane, due);
				}
				catch (JobInterruptedException | RuntimeException | Error ex) {
					// At once, before the other connections take their next message.
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
	 * Waits for every connection's share of the chunk. The first failure halts the messages not yet
	 * started (those in flight finish and are recorded) and is thrown once all have stopped.
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

	/**
	 * Sends the chunk's messages over one connection until none is left, on a worker thread. The
	 * transport may take the next one while a message waits for its end of data, so that the next
	 * envelope goes with it ({@link MailTransport#deliver(OutgoingMessage, MailTransport.Gate, Supplier)}).
	 */
	private void drain(Lane lane, Queue<Subscriber> due) throws JobInterruptedException {
		Message current = take(due);
		while (current != null) {
			Lookahead following = new Lookahead(lane, due);
			deliver(lane, current, following);
			Message next = following.taken();
			if (next == null || this.halted) {
				current = take(due);
			}
			else {
				checkNotStopped(next.subscriber());
				current = next;
			}
		}
	}

	/**
	 * The chunk's next subscriber who is owed a message, with the last checks done and the message
	 * built; null when none is left or the send halted. Subscribers with nothing new are recorded
	 * as such on the way.
	 */
	private Message take(Queue<Subscriber> due) throws JobInterruptedException {
		while (!this.halted) {
			Subscriber subscriber = due.poll();
			if (subscriber == null) {
				return null;
			}
			if (this.stop.isRequested()) {
				// Back for the next take, which says it: a lookahead that meets the stop returns nothing.
				due.add(subscriber);
				checkNotStopped(subscriber);
			}
			long checking = System.nanoTime();
			this.lease.checkHeld();
			this.timings.addLeaseCheck(System.nanoTime() - checking);
			Audience audience = this.renderer.audience(this.issue, subscriber);
			if (audience.isEmpty()) {
				if (this.subscribers.isActive(subscriber.id())) {
					this.ledger.recordSkipped(this.issue.id(), subscriber.id(), Audience.NOTHING_NEW);
				}
				// Otherwise unsubscribed since the page was read: owed nothing, not even a reason.
				continue;
			}
			long rendering = System.nanoTime();
			OutgoingMessage message = this.messages.build(this.issue, subscriber,
					this.renderer.render(this.issue, subscriber, audience));
			this.timings.addRender(System.nanoTime() - rendering);
			return new Message(subscriber, message);
		}
		return null;
	}

	/**
	 * Delivers one message, trying again as {@link DeliveryFailure} says: a temporary refusal up to
	 * digest.retry.attempts times (then deferred), an unreachable server for up to
	 * digest.retry.give-up-after (then the send stops), a refused recipient never (bounced), and a
	 * refused message not at all (the send stops). Every outcome but delivered is in the ledger
	 * before it returns; delivered is being recorded, and is in the ledger before this connection's
	 * next message is accepted. A subscriber found no longer active before the end of data is not
	 * mailed (the message is dropped unended) and not owed the issue: nothing is recorded.
	 * {@code following} gives what this connection carries next, when the transport asks for it:
	 * its envelope may go with this message's end of data.
	 */
	private void deliver(Lane lane, Message current, Lookahead following) throws JobInterruptedException {
		Subscriber subscriber = current.subscriber();
		OutgoingMessage message = current.message();
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
				lane.aside = 0;
				lane.active = lane.statusOf(subscriber.id());
				String reply = lane.transport.deliver(message, lane, following);
				this.timings.addSend(System.nanoTime() - sending - lane.aside);
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
	 * One SMTP connection, the delivery rows of the last messages it carried while they are
	 * committed, and the status check of the subscriber of the message it carries now. The
	 * message's end of data waits for the check and for every row but the last
	 * {@code unrecorded - 1} (the connection calls {@link #await()} as the message's gate): the
	 * server's accepting messages and the ledger's recording them overlap, and still at most
	 * {@code unrecorded} messages per connection are accepted and not yet recorded. Used by one
	 * worker at a time.
	 */
	private final class Lane implements MailTransport.Gate {

		private final MailTransport transport;

		/** digest.smtp.unrecorded-per-connection. */
		private final int unrecorded;

		/** The rows of the messages this connection carried, oldest first, until each is committed. */
		private final Deque<CompletableFuture<Void>> recordings = new ArrayDeque<>();

		/** Whether the subscriber of the message going now is still active. */
		private CompletableFuture<Boolean> active = CompletableFuture.completedFuture(true);

		/**
		 * Nanoseconds of the current message's time spent on other things than SMTP: waiting for the
		 * rows before it and its status check, building the next message.
		 */
		private long aside;

		Lane(MailTransport transport, int unrecorded) {
			this.transport = transport;
			this.unrecorded = unrecorded;
		}

		/**
		 * Records the message just accepted, on the recorder's thread. A failure halts the send at
		 * once and is logged then, naming the subscriber who will be mailed again, whatever else the
		 * send ends with.
		 */
		void record(Subscriber subscriber, String messageId, String reply) {
			CompletableFuture<Void> done = DigestWriter.this.recorder.recordDelivered(subscriber.id(), messageId, reply);
			while (!this.recordings.isEmpty() && this.recordings.peekFirst().isDone()
					&& !this.recordings.peekFirst().isCompletedExceptionally()) {
				// Committed, and not waited for because the gate was open.
				this.recordings.removeFirst();
			}
			this.recordings.addLast(done.whenComplete((recorded, failure) -> {
				if (failure != null) {
					DigestWriter.this.halted = true;
					logger.error(((failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure).getMessage());
				}
			}));
		}

		/**
		 * Whether the subscriber is still active, from the chunk's newest check asked less than
		 * {@link ChunkStatuses#FRESH_NANOS} ago (the page's query, or one asked since), or asked now;
		 * asks the chunk again ahead of need when that check is half as old.
		 */
		CompletableFuture<Boolean> statusOf(long subscriberId) {
			return DigestWriter.this.statuses.statusOf(subscriberId, System.nanoTime(),
					DigestWriter.this.recorder::activeAmong);
		}

		@Override
		public boolean isOpen() {
			int mustBeIn = this.recordings.size() - (this.unrecorded - 1);
			int index = 0;
			for (CompletableFuture<Void> recording : this.recordings) {
				if (recording.isCompletedExceptionally()) {
					return false;
				}
				if (index++ < mustBeIn && !recording.isDone()) {
					// The gate will be waited for: its round need not gather more.
					Rounds.Answer.hurry(recording);
					return false;
				}
			}
			if (!this.active.isDone()) {
				Rounds.Answer.hurry(this.active);
				return false;
			}
			return !this.active.isCompletedExceptionally() && this.active.join();
		}

		/** Waits for the rows and the status check. */
		@Override
		public void await() {
			long waiting = System.nanoTime();
			long rowsIn = waiting;
			try {
				awaitRecorded(this.unrecorded - 1);
				rowsIn = System.nanoTime();
				if (!join(this.active)) {
					throw new NoLongerActive();
				}
			}
			finally {
				long waited = System.nanoTime() - waiting;
				this.aside += waited;
				DigestWriter.this.timings.addEndOfDataWait(rowsIn - waiting, waited - (rowsIn - waiting));
			}
		}

		/** Returns once every row is committed; throws what failed one. */
		void awaitRecorded() {
			awaitRecorded(0);
		}

		/**
		 * Returns once all rows but the last {@code pending} are committed, and none has failed;
		 * throws what failed one (a row that failed stays, so that every later wait throws too).
		 */
		private void awaitRecorded(int pending) {
			for (CompletableFuture<Void> recording : this.recordings) {
				if (recording.isCompletedExceptionally()) {
					join(recording);
				}
			}
			while (this.recordings.size() > pending) {
				join(this.recordings.peekFirst());
				this.recordings.removeFirst();
			}
		}

		private <T> T join(CompletableFuture<T> future) {
			Rounds.Answer.hurry(future);
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

	/**
	 * The message a connection carries after the current one, taken from the chunk when the
	 * transport first asks (while the current one waits for its end of data), so that a connection
	 * does not hold a message the others could be sending (it does hold it through the current
	 * one's retries). A stop requested by then leaves it untaken: the next {@link #take} reports
	 * it. Whatever else fails in taking it fails the current message unended, and halts the send.
	 */
	private final class Lookahead implements Supplier<OutgoingMessage> {

		private final Lane lane;

		private final Queue<Subscriber> due;

		private boolean asked;

		private Message taken;

		Lookahead(Lane lane, Queue<Subscriber> due) {
			this.lane = lane;
			this.due = due;
		}

		@Override
		public OutgoingMessage get() {
			if (!this.asked) {
				this.asked = true;
				long taking = System.nanoTime();
				try {
					this.taken = DigestWriter.this.stop.isRequested() ? null : take(this.due);
				}
				catch (JobInterruptedException ex) {
					// Requested meanwhile: said by the next take.
					this.taken = null;
				}
				finally {
					this.lane.aside += System.nanoTime() - taking;
				}
			}
			return (this.taken != null) ? this.taken.message() : null;
		}

		/** The message taken, or null when none was (not asked, none left, or stopped). */
		Message taken() {
			return this.taken;
		}

	}

	/** A subscriber and the message built for them. */
	private record Message(Subscriber subscriber, OutgoingMessage message) {
	}

	/** The subscriber is no longer active: their message must not be let go. */
	private static final class NoLongerActive extends RuntimeException {

		NoLongerActive() {
			super("No longer active", null, false, false);
		}

	}

}
