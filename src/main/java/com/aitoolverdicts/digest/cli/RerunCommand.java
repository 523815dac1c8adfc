package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;

import com.aitoolverdicts.digest.issue.IssueRepository;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.job.SendService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;

/** {@code rerun}: resumes a week whose send failed, was stopped, or died. */
@Command(name = "rerun", mixinStandardHelpOptions = true,
		description = { "Resume the send of a week that failed, was stopped (Ctrl-C, SIGTERM) or was killed.",
				"Subscribers recorded as delivered are not mailed again. A run left unfinished by a process",
				"that is gone is recovered first. A week that was sent completely is not sent again." })
class RerunCommand implements DigestCommand {

	@Option(names = "--week", paramLabel = "WEEK", converter = Weeks.class, required = true,
			description = "ISO week to resume, like 2026-W47.")
	IsoWeek week;

	@Option(names = "--failed-only",
			description = "Mail only the recipients recorded as deferred or failed, not those the week has not reached yet.")
	boolean failedOnly;

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		if (context.getBean(IssueRepository.class).find(this.week).isEmpty()) {
			throw new UsageException(this.week + " was never sent, so there is nothing to resume: use 'send --week "
					+ this.week + "'");
		}
		return SendCommand.report(this.week, context.getBean(SendService.class).send(this.week, this.failedOnly), context, out);
	}

}
