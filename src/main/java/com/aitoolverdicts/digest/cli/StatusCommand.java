package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.delivery.DeliveryLedger;
import com.aitoolverdicts.digest.issue.Audience;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.issue.Pair;
import com.aitoolverdicts.digest.job.SendService;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ApplicationContext;

/** {@code status}: where a week's issue stands. Reads only. */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "Show a week's issue: its state, its pairs, deliveries by state, the last errors and every run.",
				"Without --week: the last completed ISO week." })
class StatusCommand implements DigestCommand {

	private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@Mixin
	Weeks.Option week = new Weeks.Option();

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		IsoWeek target = this.week.resolve(context);
		DigestProperties properties = context.getBean(DigestProperties.class);
		ZoneId zone = properties.getZone();
		Optional<Issue> found = context.getBean(IssueRepository.class).find(target);
		out.printf("%s (%s to %s, %s)%n", target, target.monday(), target.sunday(), zone.getId());
		if (found.isEmpty()) {
			int tools = context.getBean(CatalogRepository.class)
				.countPublishedBetween(target.start(zone), target.end(zone));
			out.printf("  no issue yet: %d tool(s) published in the week%s%n", tools,
					(tools > 0) ? "; 'send --week " + target + "' composes and sends it" : "");
			return ExitCode.OK;
		}
		Issue issue = found.get();
		out.printf("  state          %s (composed %s%s)%n", issue.state().code(),
				SendCommand.WHEN.format(issue.composedAt().atZone(zone)),
				(issue.sentAt() != null) ? ", sent " + SendCommand.WHEN.format(issue.sentAt().atZone(zone)) : "");
		out.printf("  pairs          %d%n", issue.pairs().size());
		int rank = 1;
		for (Pair pair : issue.pairs()) {
			out.printf("    %d. %s vs %s (%s, score %.1f)  %s/compare/%s%n", rank++, pair.a().name(), pair.b().name(),
					pair.a().category(), pair.score(), properties.getSiteBaseUrl(), pair.compareSlug());
			if (pair.rationale() != null) {
				out.printf("       %s%n", pair.rationale());
			}
		}
		issue.alsoNew().forEach((tool) -> out.printf("    also new: %s (%s)%n", tool.name(), tool.category()));
		DeliveryLedger ledger = context.getBean(DeliveryLedger.class);
		Map<String, Integer> counts = ledger.countsByState(issue.id());
		int active = context.getBean(SubscriberRepository.class).countActive();
		int recorded = counts.values().stream().mapToInt(Integer::intValue).sum() - counts.get("bounced");
		int pending = Math.max(0, active - recorded);
		out.printf("  deliveries     delivered %d, deferred %d, bounced %d, failed %d, pending %d (%d active subscribers)%n",
				counts.get("delivered"), counts.get("deferred"), counts.get("bounced"), counts.get("failed"), pending,
				active);
		out.printf("  skipped        %d: %s%n", counts.get("skipped"), Audience.NOTHING_NEW.replace("your", "their"));
		ledger.lastFailures(issue.id(), 5)
			.forEach((failure) -> out.printf("    %s: %s after %d attempt(s) at %s: %s%n", failure.state(),
					failure.email(), failure.attempts(), SendCommand.WHEN.format(failure.at().atZone(zone)),
					failure.reply()));
		for (SendService.Run run : context.getBean(SendService.class).history(target)) {
			out.printf("  run #%-4d      %s, started %s%s%s%n", run.id(), run.status(),
					(run.started() != null) ? RUN_TIME.format(run.started()) : "-",
					(run.ended() != null) ? ", ended " + RUN_TIME.format(run.ended()) : "",
					(run.exitDescription() != null && !run.exitDescription().isBlank())
							? ": " + firstLine(run.exitDescription()) : "");
		}
		return ExitCode.OK;
	}

	/** The first line of a recorded failure, without the exception's class name. */
	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		String line = (end < 0) ? text : text.substring(0, end);
		return line.replaceFirst("^[\\w.$]+(Exception|Error): ", "").replaceFirst("^(?:[a-z_$][\\w$]*\\.)+(?=[A-Z])", "");
	}

}
