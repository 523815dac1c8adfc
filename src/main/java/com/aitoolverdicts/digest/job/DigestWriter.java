package com.aitoolverdicts.digest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Renders and delivers each subscriber's digest. Before each send it asks the ledger whether the
 * subscriber already has this issue, and right after the transport accepts it records the delivery
 * in its own transaction: whatever the batch re-writes or restarts, nobody is mailed twice.
 */
class DigestWriter implements ItemWriter<Subscriber>, StepExecutionListener {

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

	private MailTransport transport;

	private boolean failedOnly;

	private long permanentLimit;

	private long permanentFailures;

	private Instant unreachableSince;

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
		this.permanentFailures = this.ledger.countsByState(this.issue.id()).get("bounced");
		this.unreachableSince = null;
		this.renderer.templates();
		this.transport = this.transports.open();
	}

	@Override
	public void write(Chunk<? extends Subscriber> chunk) throws JobInterruptedException {
		List<Long> ids = chunk.getItems().stream().map(Subscriber::id).toList();
		Map<Long, String> states = this.ledger.statesAmong(this.issue.id(), ids);
		Map<Long, List<String>> categories = this.subscribers.categoriesOf(ids);
		for (Subscriber item : chunk) {
			String state = states.get(item.id());
			if (DeliveryLedger.isFinal(state) || (this.failedOnly && state == null)) {
				continue;
			}
			checkNotStopped(item);
			long checking = System.nanoTime();
			this.lease.checkHeld();
			boolean active = this.subscribers.isActive(item.id());
			this.timings.addLedger(System.nanoTime() - checking);
			if (!active) {
				// Unsubscribed (or bounced) since the page was read: not mailed, and not owed the issue.
				continue;
			}
			Subscriber subscriber = item.withCategories(categories.getOrDefault(item.id(), List.of()));
			Audience audience = this.renderer.audience(this.issue, subscriber);
			if (audience.isEmpty()) {
				this.ledger.recordSkipped(this.issue.id(), subscriber.id(), Audience.NOTHING_NEW);
				continue;
			}
			deliver(subscriber, audience);
		}
	}

	/**
	 * Delivers one message, trying again as {@link DeliveryFailure} says: a temporary refusal up to
	 * digest.retry.attempts times (then deferred), an unreachable server for up to
	 * digest.retry.give-up-after (then the send stops), a refused recipient never (bounced), and a
	 * refused message not at all (the send stops). Every outcome is in the ledger before it returns.
	 */
	private void deliver(Subscriber subscriber, Audience audience) throws JobInterruptedException {
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
				String reply = this.transport.deliver(message);
				long recording = System.nanoTime();
				this.timings.addSend(recording - sending);
				this.unreachableSince = null;
				this.ledger.recordDelivered(issueId, subscriber.id(), message.messageId(), reply);
				this.timings.addLedger(System.nanoTime() - recording);
				return;
			}
			catch (MessagingException ex) {
				failure = DeliveryFailure.of(ex);
			}
			if (failure.kind() != DeliveryFailure.Kind.CONNECTION && failure.kind() != DeliveryFailure.Kind.UNREACHABLE) {
				this.unreachableSince = null;
			}
			switch (failure.kind()) {
				case PERMANENT -> {
					this.ledger.recordBounced(issueId, subscriber.id(), message.messageId(), failure.reply());
					if (++this.permanentFailures > this.permanentLimit) {
						this.ledger.reopenBounces(issueId);
						throw new SendRefusedException(this.permanentFailures + " addresses were refused for good, more than "
								+ "digest.max-permanent-failures=" + this.properties.getMaxPermanentFailures()
								+ " allows: the message or the server is at fault, not the list, so nobody was marked "
								+ "bounced. Last: " + failure.reply());
					}
					return;
				}
				case FATAL -> {
					this.ledger.recordFailed(issueId, subscriber.id(), message.messageId(), failure.reply());
					throw new SendRefusedException("The server refuses the message itself, so every recipient would "
							+ "bounce; stopped at " + subscriber.email() + ": " + failure.reply());
				}
				case UNREACHABLE, CONNECTION -> {
					Instant now = this.clock.instant();
					this.unreachableSince = (this.unreachableSince != null) ? this.unreachableSince : now;
					if (Duration.between(this.unreachableSince, now).compareTo(this.properties.getRetry().getGiveUpAfter()) >= 0) {
						this.ledger.recordFailed(issueId, subscriber.id(), message.messageId(), failure.reply());
						throw new ServerUnreachableException("The mail server has been unreachable since "
								+ this.unreachableSince + " (digest.retry.give-up-after="
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
		if (this.transport != null) {
			this.transport.close();
			this.transport = null;
		}
		return null;
	}

}
