package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.time.Instant;

import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Shows how far a send is: a progress bar (done/total, rate, ETA) on a terminal, and a log line
 * every few seconds otherwise (cron, CI), so that a long send is never silent.
 */
class SendProgress implements StepExecutionListener, ItemWriteListener<Subscriber> {

	private static final Logger logger = LoggerFactory.getLogger(SendProgress.class);

	private static final Duration LOG_EVERY = Duration.ofSeconds(5);

	private final SubscriberRepository subscribers;

	private final boolean terminal;

	private ProgressBar bar;

	private long total;

	private long done;

	private Instant started;

	private Instant lastLog;

	SendProgress(SubscriberRepository subscribers, boolean terminal) {
		this.subscribers = subscribers;
		this.terminal = terminal;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.total = this.subscribers.countActive();
		// The reader keeps no position: a resumed send goes through every active subscriber again.
		this.done = 0;
		this.started = Instant.now();
		this.lastLog = this.started;
		if (this.terminal) {
			this.bar = new ProgressBarBuilder().setTaskName("Sending")
				.setInitialMax(this.total)
				.startsFrom(this.done, Duration.ZERO)
				.setStyle(ProgressBarStyle.ASCII)
				.setUnit(" subscribers", 1)
				.showSpeed()
				.setUpdateIntervalMillis(200)
				.build();
		}
		else {
			logger.info("Sending to {} active subscribers", this.total);
		}
	}

	@Override
	public void afterWrite(Chunk<? extends Subscriber> items) {
		this.done += items.size();
		logger.debug("Wrote a chunk of {}; {} of {} done", items.size(), this.done, this.total);
		if (this.bar != null) {
			this.bar.stepTo(Math.min(this.done, this.total));
			return;
		}
		Instant now = Instant.now();
		if (Duration.between(this.lastLog, now).compareTo(LOG_EVERY) >= 0) {
			this.lastLog = now;
			double seconds = Math.max(1, Duration.between(this.started, now).toMillis()) / 1000.0;
			logger.info("Sent {}/{} ({} a second)", this.done, this.total, Math.round(this.done / seconds));
		}
	}

	/** Subscribers this step has been through so far. */
	long done() {
		return this.done;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.bar != null) {
			this.bar.close();
			this.bar = null;
		}
		return null;
	}

}
