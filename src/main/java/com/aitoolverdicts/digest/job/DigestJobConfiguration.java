package com.aitoolverdicts.digest.job;

import java.time.Clock;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.delivery.SendRate;
import com.aitoolverdicts.digest.delivery.Transports;
import com.aitoolverdicts.digest.issue.IssueComposer;
import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.render.DigestRenderer;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The weekly digest job, identified by its ISO week: {@code compose} freezes the week's issue,
 * {@code send} reads active subscribers page by page in id order and delivers, one checkpoint per
 * chunk. No incrementer: the week alone identifies the job instance, so a completed week cannot
 * run again and a failed one restarts where it stopped.
 */
@Configuration(proxyBeanMethods = false)
class DigestJobConfiguration {

	static final String JOB_NAME = "weeklyDigest";

	static final String WEEK = "week";

	/** Non-identifying: this run mails only those recorded as deferred or failed. */
	static final String FAILED_ONLY = "failedOnly";

	@Bean
	Job weeklyDigestJob(JobRepository jobRepository, Step composeStep, Step sendStep, Step verifyStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(composeStep)
			.next(sendStep)
			.next(verifyStep)
			.build();
	}

	@Bean
	Step composeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			IssueComposer composer) {
		return new StepBuilder("compose", jobRepository).tasklet((contribution, context) -> {
			IsoWeek week = IsoWeek.parse(context.getStepContext().getStepExecution().getJobParameters().getString(WEEK));
			composer.composeOrLoad(week)
				.orElseThrow(() -> new IllegalStateException("No tools were published in " + week));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step sendStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ActiveSubscribersReader activeSubscribers, DigestWriter digestWriter, SendProgress sendProgress,
			DigestProperties properties) {
		return new StepBuilder("send", jobRepository).<Subscriber, Subscriber>chunk(properties.getChunkSize())
			.transactionManager(transactionManager)
			.reader(activeSubscribers)
			.writer(digestWriter)
			// As a StepListener: the StepExecutionListener overload, more specific, would register it
			// for beforeStep/afterStep only, and the progress would never move.
			.listener((StepListener) sendProgress)
			// A restart after deferrals runs the send again: the ledger lets only the unfinished through.
			.allowStartIfComplete(true)
			.build();
	}

	/**
	 * Reconciles the week against the ledger before the job may complete: every subscriber who is
	 * active now must have the issue or have bounced. Otherwise the job fails, so that a rerun picks
	 * the rest up: deferred recipients, and anyone a partial run (rerun --failed-only, a stop) never
	 * reached. Only then are addresses refused for good marked bounced.
	 */
	@Bean
	Step verifyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, IssueRepository issues,
			DeliveryLedger ledger, SubscriberRepository subscribers, DigestProperties properties, Clock clock) {
		return new StepBuilder("verify", jobRepository).tasklet((contribution, context) -> {
			IsoWeek week = IsoWeek.parse(context.getStepContext().getStepExecution().getJobParameters().getString(WEEK));
			long issueId = issues.find(week).orElseThrow().id();
			DeliveryLedger.Unfinished unfinished = ledger.unfinishedActive(issueId);
			if (unfinished.total() > 0) {
				throw new DeferredDeliveriesException(unfinished.total(), unfinished.deferred());
			}
			ledger.bouncedIn(issueId).forEach((subscriberId) -> {
				if (ledger.bouncesOf(subscriberId) >= properties.getBounceThreshold()) {
					subscribers.markBounced(subscriberId, clock.instant());
				}
			});
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

	@Bean
	ActiveSubscribersReader activeSubscribers(JdbcClient jdbc, DigestProperties properties) {
		return new ActiveSubscribersReader(jdbc, properties.getChunkSize());
	}

	@Bean
	DigestWriter digestWriter(IssueRepository issues, SubscriberRepository subscribers,
			ActiveSubscribersReader activeSubscribers, DeliveryLedger ledger,
			DigestRenderer renderer, MessageFactory messages, Transports transports, SendLease lease, SendStop stop, DigestProperties properties,
			Clock clock, SendTimings timings, SendRate rate) {
		return new DigestWriter(issues, subscribers, activeSubscribers, ledger, renderer, messages, transports, lease, stop, properties,
				clock, timings, rate);
	}

	@Bean
	SendProgress sendProgress(SubscriberRepository subscribers) {
		return new SendProgress(subscribers, System.console() != null);
	}

}
