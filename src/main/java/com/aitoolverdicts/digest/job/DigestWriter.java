package com.aitoolverdicts.digest.job;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.delivery.MailTransport;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.delivery.OutgoingMessage;
import com.aitoolverdicts.digest.delivery.Transports;
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

	private Issue issue;

	private MailTransport transport;

	DigestWriter(IssueRepository issues, SubscriberRepository subscribers, DeliveryLedger ledger,
			DigestRenderer renderer, MessageFactory messages, Transports transports, SendLease lease,
			SendStop stop) {
		this.issues = issues;
		this.subscribers = subscribers;
		this.ledger = ledger;
		this.renderer = renderer;
		this.messages = messages;
		this.transports = transports;
		this.lease = lease;
		this.stop = stop;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		IsoWeek week = IsoWeek.parse(stepExecution.getJobParameters().getString(DigestJobConfiguration.WEEK));
		this.issue = this.issues.find(week)
			.orElseThrow(() -> new IllegalStateException("The issue of " + week + " was not composed"));
		this.renderer.templates();
		this.transport = this.transports.open();
	}

	@Override
	public void write(Chunk<? extends Subscriber> chunk) throws JobInterruptedException {
		List<Long> ids = chunk.getItems().stream().map(Subscriber::id).toList();
		Set<Long> delivered = this.ledger.deliveredAmong(this.issue.id(), ids);
		Map<Long, List<String>> categories = this.subscribers.categoriesOf(ids);
		for (Subscriber item : chunk) {
			if (delivered.contains(item.id())) {
				continue;
			}
			if (this.stop.isRequested()) {
				throw new JobInterruptedException("Stopped on request before " + item.email());
			}
			this.lease.checkHeld();
			Subscriber subscriber = item.withCategories(categories.getOrDefault(item.id(), List.of()));
			OutgoingMessage message = this.messages.build(this.issue, subscriber,
					this.renderer.render(this.issue, subscriber));
			String reply;
			try {
				reply = this.transport.deliver(message);
			}
			catch (MessagingException ex) {
				this.ledger.recordFailed(this.issue.id(), subscriber.id(), message.messageId(), ex.getMessage());
				throw new DeliveryFailedException(subscriber.email(), ex);
			}
			this.ledger.recordDelivered(this.issue.id(), subscriber.id(), message.messageId(), reply);
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
