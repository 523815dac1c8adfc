package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.job.SendOutcome;
import com.aitoolverdicts.digest.job.SendService;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import org.springframework.context.ApplicationContext;

/** {@code send}: composes and sends a week's digest, or resumes a failed send of it. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Compose the week's issue and send it to every active subscriber.",
				"A week that was sent already is never sent again; a week whose send failed resumes where it stopped.",
				"Without --week: the last completed ISO week (Monday to Sunday in digest.zone)." })
class SendCommand implements DigestCommand {

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	@Mixin
	Weeks.Option week = new Weeks.Option();

	@Option(names = "--force", description = "Send a week that ended longer ago than digest.max-issue-age.")
	boolean force;

	@Option(names = "--to", paramLabel = "EMAIL",
			description = "Re-send the week's digest to this one subscriber on purpose (recorded as a re-send); nobody else is mailed.")
	String to;

	@Option(names = "--test",
			description = "With --to: send this week's digest to any address as a test; records nothing, marks the subject [TEST].")
	boolean test;

	@Override
	public boolean seedsDemoData() {
		return true;
	}

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		IsoWeek target = this.week.resolve(context);
		if (this.test) {
			if (this.to == null) {
				throw new UsageException("--test needs --to EMAIL: the address to send the test to");
			}
			String reply;
			try {
				reply = context.getBean(SendService.class).testSend(target, this.to);
			}
			catch (IllegalArgumentException ex) {
				throw new UsageException(ex.getMessage());
			}
			out.printf("Sent a test of %s to %s (nothing recorded): %s%n", target, this.to, reply);
			return ExitCode.OK;
		}
		if (this.to != null) {
			return resendTo(target, context, out);
		}
		refuseStaleWeek(target, context);
		return report(target, context.getBean(SendService.class).send(target), context, out);
	}

	private int resendTo(IsoWeek target, ApplicationContext context, PrintStream out) {
		Subscriber subscriber = context.getBean(SubscriberRepository.class)
			.findByEmail(this.to)
			.orElseThrow(() -> new UsageException("No subscriber has the address '" + this.to + "'"));
		if (subscriber.status() != SubscriberStatus.ACTIVE) {
			throw new UsageException(subscriber.email() + " is " + subscriber.status().code() + ": not re-sending");
		}
		Optional<String> reply = context.getBean(SendService.class).resendTo(target, subscriber);
		if (reply.isEmpty()) {
			out.printf("%s follows %s: nothing new in their categories in %s. Nothing was sent.%n", subscriber.email(),
					String.join(", ", subscriber.categories()), target);
			return ExitCode.OK;
		}
		out.printf("Re-sent %s to %s: %s%n", target, subscriber.email(), reply.get());
		return ExitCode.OK;
	}

	private void refuseStaleWeek(IsoWeek target, ApplicationContext context) {
		if (context.getBean(IssueRepository.class).find(target).map((issue) -> issue.state() == IssueState.SENT)
			.orElse(false)) {
			return;
		}
		DigestProperties properties = context.getBean(DigestProperties.class);
		Instant ended = target.end(properties.getZone());
		Instant now = context.getBean(Clock.class).instant();
		if (!this.force && ended.plus(properties.getMaxIssueAge()).isBefore(now)) {
			throw new UsageException(target + " ended on " + WHEN.format(ended.atZone(properties.getZone()))
					+ ", longer ago than digest.max-issue-age=" + properties.getMaxIssueAge()
					+ ": not sending an old issue. Use 'rerun --week " + target
					+ "' to finish one that was started, or add --force to send it anyway.");
		}
	}

	/** Prints how a send or rerun ended and returns its exit code. */
	static int report(IsoWeek target, SendOutcome outcome, ApplicationContext context, PrintStream out) {
		ZoneId zone = context.getBean(DigestProperties.class).getZone();
		if (outcome instanceof SendOutcome.AlreadySent sent) {
			out.printf("%s was already sent on %s to %d subscribers. Nothing was sent now.%n", target,
					WHEN.format(sent.sentAt().atZone(zone)), sent.delivered());
			return ExitCode.OK;
		}
		if (outcome instanceof SendOutcome.NothingNew nothing) {
			out.printf("No tools were published in %s (%s to %s). Nothing to send.%n", target,
					WHEN.format(nothing.from().atZone(zone)), WHEN.format(nothing.to().atZone(zone)));
			return ExitCode.OK;
		}
		if (outcome instanceof SendOutcome.AlreadyRunning running) {
			out.printf("Another send of %s is running; this one sent nothing.%n  (%s)%n", target, running.detail());
			return ExitCode.BUSY;
		}
		SendOutcome.Ran ran = (SendOutcome.Ran) outcome;
		if (ran.recovered() != null) {
			out.printf("Resumed run #%d of %s, which a process that is gone left unfinished.%n", ran.recovered(),
					target);
		}
		summary(ran, context.getBean(SubscriberRepository.class).countByStatus(), out);
		switch (ran.ending()) {
			case SENT -> {
				out.printf("Sent %s.%n", target);
				return ExitCode.OK;
			}
			case DEFERRED -> {
				out.printf("%s is sent except to deferred recipients: %s%n", target, ran.failure());
				out.printf("Run 'rerun --week %s --failed-only' later to try them again.%n", target);
				return ExitCode.DEFERRED;
			}
			case REFUSED -> {
				out.printf("The send of %s STOPPED: %s%n", target, ran.failure());
				out.printf("Fix the message or the server, then 'rerun --week %s'.%n", target);
				return ExitCode.REFUSED;
			}
			default -> {
				boolean stopped = ran.ending() == SendOutcome.Ending.STOPPED;
				out.printf("The send of %s %s: %s%n", target, stopped ? "STOPPED" : "FAILED", ran.failure());
				out.printf("Run 'rerun --week %s' to resume: subscribers recorded as delivered are not mailed again.%n",
						target);
				return stopped ? ExitCode.STOPPED : ExitCode.FAILED;
			}
		}
	}

	private static void summary(SendOutcome.Ran ran, Map<String, Integer> byStatus, PrintStream out) {
		out.printf("Weekly AI Tool Verdicts %s (%s to %s)%n", ran.week(), ran.week().monday(), ran.week().sunday());
		out.printf("  pairs chosen   %6d   (+ %d also new)%n", ran.pairs(), ran.alsoNew());
		out.printf("  recipients     %6d   active subscribers (not mailed: %d unsubscribed, %d bounced)%n",
				ran.recipients(), byStatus.getOrDefault("unsubscribed", 0), byStatus.getOrDefault("bounced", 0));
		out.printf("  delivered      %6d%n", ran.deliveredNow());
		out.printf("  already had    %6d   delivered by an earlier run%n", ran.deliveredBefore());
		out.printf("  nothing new    %6d   skipped, nothing new in their categories (all runs of the week)%n",
				ran.recorded().getOrDefault("skipped", 0));
		out.printf("  deferred       %6d   refused for now, after retries%n", ran.recorded().getOrDefault("deferred", 0));
		out.printf("  bounced        %6d   refused for good%n", ran.recorded().getOrDefault("bounced", 0));
		out.printf("  failed         %6d%n", ran.recorded().getOrDefault("failed", 0));
		out.printf("  mail           %s%n", ran.destination());
		out.printf("  took           %.1f s%n", ran.took().toMillis() / 1000.0);
	}

}
