package com.aitoolverdicts.digest.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.Durability;
import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.delivery.DeliveryFailure;
import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.delivery.MailTransport;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.delivery.OutgoingMessage;
import com.aitoolverdicts.digest.delivery.Transports;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueComposer;
import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.DigestRenderer;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Sends a week's digest: says so when the week was sent already or has nothing new, otherwise
 * starts the job, which resumes a failed run of the same week where it stopped.
 */
@Service
public class SendService {

	private static final Logger logger = LoggerFactory.getLogger(SendService.class);

	private final JobOperator jobOperator;

	private final Job job;

	private final JobRepository jobRepository;

	private final IssueRepository issues;

	private final CatalogRepository catalog;

	private final SubscriberRepository subscribers;

	private final DeliveryLedger ledger;

	private final Transports transports;

	private final DigestProperties properties;

	private final DigestRenderer renderer;

	private final IssueComposer composer;

	private final Clock clock;

	private final SendLease lease;

	private final MessageFactory messages;

	private final SendStop stop;

	private final Durability durability;

	private static final Subscriber PREFLIGHT_READER = new Subscriber(0, "preflight@example.com", "Preflight",
			SubscriberStatus.ACTIVE, List.of());

	SendService(JobOperator jobOperator, Job weeklyDigestJob, JobRepository jobRepository, IssueRepository issues, CatalogRepository catalog,
			SubscriberRepository subscribers, DeliveryLedger ledger, Transports transports,
			DigestProperties properties, DigestRenderer renderer, IssueComposer composer, Clock clock, SendLease lease,
			MessageFactory messages, SendStop stop, Durability durability) {
		this.jobOperator = jobOperator;
		this.job = weeklyDigestJob;
		this.jobRepository = jobRepository;
		this.issues = issues;
		this.catalog = catalog;
		this.subscribers = subscribers;
		this.ledger = ledger;
		this.transports = transports;
		this.properties = properties;
		this.renderer = renderer;
		this.composer = composer;
		this.clock = clock;
		this.lease = lease;
		this.messages = messages;
		this.stop = stop;
		this.durability = durability;
	}

	public SendOutcome send(IsoWeek week) {
		return send(week, false);
	}

	/**
	 * Sends or resumes {@code week}; with {@code failedOnly}, mails only the subscribers recorded
	 * as deferred or failed (rerun --failed-only), not those the week has not reached yet.
	 */
	public SendOutcome send(IsoWeek week, boolean failedOnly) {
		Optional<Issue> existing = this.issues.find(week);
		JobExecution last = this.jobRepository.getLastJobExecution(DigestJobConfiguration.JOB_NAME, parameters(week));
		if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
			return alreadySent(existing.orElseThrow(), last);
		}
		if (existing.isPresent() && existing.get().state() == IssueState.SENT) {
			return alreadySent(existing.get(), last);
		}
		Instant from = week.start(this.properties.getZone());
		Instant to = week.end(this.properties.getZone());
		if (existing.isEmpty() && this.catalog.countPublishedBetween(from, to) == 0) {
			return new SendOutcome.NothingNew(week, from, to);
		}
		preflight(existing.orElseGet(() -> this.composer.preview(week).orElseThrow()));
		// Freeze the issue before anything is sent, durably: a resume must find the same issue (and so
		// the same Message-IDs), even on H2 after a kill -9.
		this.composer.composeOrLoad(week);
		this.durability.flush();
		SendLease.Result lease = this.lease.acquire(week);
		if (lease.held() == null) {
			return new SendOutcome.AlreadyRunning(week, lease.holder());
		}
		try (SendLease.Held held = lease.held()) {
			this.stop.sending(true);
			return run(week, recoverAbandoned(week), failedOnly);
		}
		finally {
			this.stop.sending(false);
		}
	}

	/**
	 * A run that died (kill -9, power loss) leaves its execution STARTED, which Spring Batch
	 * refuses to restart. Holding the lease proves its process is gone, so it is marked failed
	 * (Batch 6's recover) and this run resumes it.
	 */
	private Long recoverAbandoned(IsoWeek week) {
		JobExecution last = this.jobRepository.getLastJobExecution(DigestJobConfiguration.JOB_NAME, parameters(week));
		if (last == null || !last.isRunning()) {
			return null;
		}
		logger.info("Recovering run #{} of {}, left {} by a process that is gone", last.getId(), week,
				last.getStatus());
		this.jobOperator.recover(last);
		return last.getId();
	}

	private SendOutcome run(IsoWeek week, Long recovered, boolean failedOnly) {
		Optional<Issue> existing = this.issues.find(week);
		int deliveredBefore = existing.map((issue) -> delivered(issue)).orElse(0);
		existing.ifPresent((issue) -> this.issues.markState(issue.id(), IssueState.SENDING, null));
		Instant started = this.clock.instant();
		JobExecution execution;
		try {
			execution = this.jobOperator.start(this.job, new JobParametersBuilder(parameters(week))
				.addString(DigestJobConfiguration.FAILED_ONLY, Boolean.toString(failedOnly), false)
				.toJobParameters());
		}
		catch (JobExecutionAlreadyRunningException ex) {
			return new SendOutcome.AlreadyRunning(week, ex.getMessage());
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			return alreadySent(this.issues.find(week).orElseThrow(), null);
		}
		catch (JobRestartException | InvalidJobParametersException ex) {
			throw new IllegalStateException("Cannot start the send of " + week + ": " + ex.getMessage(), ex);
		}
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		Issue issue = this.issues.find(week).orElse(null);
		if (issue != null) {
			this.issues.markState(issue.id(), completed ? IssueState.SENT : IssueState.FAILED,
					completed ? this.clock.instant() : null);
		}
		Map<String, Integer> counts = (issue != null) ? this.ledger.countsByState(issue.id()) : Map.of();
		return new SendOutcome.Ran(week, (issue != null) ? issue.pairs().size() : 0,
				(issue != null) ? issue.alsoNew().size() : 0, this.subscribers.countActive(),
				counts.getOrDefault("delivered", 0) - deliveredBefore, deliveredBefore, counts,
				this.transports.destination(week.toString()), Duration.between(started, this.clock.instant()),
				recovered, ending(execution), completed ? null : failure(execution));
	}

	/**
	 * The job repository decides whether a week was sent; the issue's state follows it. When they
	 * disagree (the process died between the two writes), the issue is brought in line here.
	 */
	private SendOutcome alreadySent(Issue issue, JobExecution last) {
		Instant sentAt = issue.sentAt();
		if (sentAt == null) {
			sentAt = (last != null && last.getEndTime() != null)
					? last.getEndTime().atZone(ZoneId.systemDefault()).toInstant() : this.clock.instant();
		}
		if (issue.state() != IssueState.SENT) {
			this.issues.markState(issue.id(), IssueState.SENT, sentAt);
		}
		return new SendOutcome.AlreadySent(issue.week(), sentAt, delivered(issue));
	}

	private int delivered(Issue issue) {
		return this.ledger.countsByState(issue.id()).get("delivered");
	}

	/**
	 * Renders the issue once for a sample reader and opens (without connecting) the transport, so
	 * that a template using an undefined variable or a transport without its settings stops the
	 * send before the job starts, instead of failing the week on its first subscriber.
	 */
	private void preflight(Issue issue) {
		this.renderer.render(issue, PREFLIGHT_READER);
		this.transports.open().close();
	}

	/**
	 * Sends the week's issue to one subscriber on purpose, whether or not they had it, and records
	 * it as a re-send. Composes (freezes) the issue first if needed; mails nobody else. Empty when
	 * nothing the subscriber follows is new that week: then nothing is sent.
	 */
	public Optional<String> resendTo(IsoWeek week, Subscriber subscriber) {
		Issue issue = this.composer.composeOrLoad(week)
			.orElseThrow(() -> new IllegalStateException("No tools were published in " + week + ": nothing to send"));
		if (this.renderer.audience(issue, subscriber).isEmpty()) {
			return Optional.empty();
		}
		OutgoingMessage message = this.messages.buildResend(issue, subscriber, this.renderer.render(issue, subscriber));
		try (MailTransport transport = this.transports.open()) {
			String reply = transport.deliver(message);
			this.ledger.recordResent(issue.id(), subscriber.id(), message.messageId(), reply);
			return Optional.of(reply);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("The re-send to " + subscriber.email() + " failed: "
					+ DeliveryFailure.of(ex).reply(), ex);
		}
	}

	/**
	 * Sends the week's digest to {@code address} as a test: as the subscriber with that address would
	 * get it, or as a reader of every category; "[TEST]" before the subject. Freezes nothing and
	 * records nothing.
	 */
	public String testSend(IsoWeek week, String address) {
		Issue issue = this.composer.preview(week)
			.orElseThrow(() -> new IllegalStateException("No tools were published in " + week + ": nothing to send"));
		String checked;
		try {
			checked = new jakarta.mail.internet.InternetAddress(address, true).getAddress();
		}
		catch (jakarta.mail.internet.AddressException ex) {
			throw new IllegalArgumentException("'" + address + "' is not an email address: " + ex.getMessage());
		}
		Subscriber reader = this.subscribers.findByEmail(checked)
			.orElseGet(() -> new Subscriber(0, checked, null, SubscriberStatus.ACTIVE, List.of()));
		if (this.renderer.audience(issue, reader).isEmpty()) {
			reader = reader.withCategories(List.of());
		}
		RenderedDigest digest = this.renderer.render(issue, reader);
		RenderedDigest test = digest.withSubjectPrefix("[TEST] ");
		OutgoingMessage message = this.messages.buildTest(issue, reader, test);
		try (MailTransport transport = this.transports.open()) {
			return transport.deliver(message);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("The test send to " + address + " failed: " + DeliveryFailure.of(ex).reply(),
					ex);
		}
	}

	/** Every run of the week's job, oldest first. */
	public List<Run> history(IsoWeek week) {
		JobInstance instance = this.jobRepository.getJobInstance(DigestJobConfiguration.JOB_NAME, parameters(week));
		if (instance == null) {
			return List.of();
		}
		return this.jobRepository.getJobExecutions(instance)
			.stream()
			.sorted(Comparator.comparing(JobExecution::getId))
			.map((execution) -> new Run(execution.getId(), execution.getStatus().name(), execution.getStartTime(),
					execution.getEndTime(), execution.getExitStatus().getExitDescription()))
			.toList();
	}

	private static JobParameters parameters(IsoWeek week) {
		return new JobParametersBuilder().addString(DigestJobConfiguration.WEEK, week.toString()).toJobParameters();
	}

	/** One execution of the week's job, as the job repository recorded it (times in the JVM's zone). */
	public record Run(long id, String status, LocalDateTime started, LocalDateTime ended, String exitDescription) {
	}

	private static SendOutcome.Ending ending(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return SendOutcome.Ending.SENT;
		}
		if (execution.getStatus() == BatchStatus.STOPPED) {
			return SendOutcome.Ending.STOPPED;
		}
		for (Throwable failure : execution.getAllFailureExceptions()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof DeferredDeliveriesException deferred) {
					return deferred.onlyDeferred() ? SendOutcome.Ending.DEFERRED : SendOutcome.Ending.FAILED;
				}
				if (cause instanceof SendRefusedException) {
					return SendOutcome.Ending.REFUSED;
				}
			}
		}
		return SendOutcome.Ending.FAILED;
	}

	private static String failure(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.STOPPED) {
			return "stopped on request (Ctrl-C or SIGTERM) after the message in flight";
		}
		return execution.getAllFailureExceptions().stream().findFirst().map((ex) -> {
			logger.debug("The send failed", ex);
			Throwable cause = ex;
			while (cause.getCause() != null && !(cause instanceof SendRefusedException
					|| cause instanceof ServerUnreachableException || cause instanceof DeferredDeliveriesException
					|| cause instanceof DeliveryLedger.LedgerWriteException)) {
				cause = cause.getCause();
			}
			String message = String.valueOf(cause.getMessage());
			int end = message.indexOf('\n');
			return (end < 0) ? message : message.substring(0, end);
		}).orElse("the job ended " + execution.getStatus());
	}

}
