package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.time.ZoneId;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ApplicationContext;

/** {@code subscribers show EMAIL}: one subscriber as the job sees them. Reads only. */
@Command(name = "subscribers", mixinStandardHelpOptions = true, subcommands = SubscribersCommand.Show.class,
		description = "Look at subscribers.")
class SubscribersCommand {

	/** The subscriber with {@code email} (any case), or a usage error naming it. */
	static Subscriber existing(SubscriberRepository subscribers, String email) {
		return subscribers.findByEmail(email)
			.orElseThrow(() -> new UsageException("No subscriber has the address '" + email + "'"));
	}

	@Command(name = "show", mixinStandardHelpOptions = true,
			description = "Show a subscriber's status, followed categories and last deliveries. Reads only.")
	static class Show implements DigestCommand {

		@Parameters(paramLabel = "EMAIL", description = "The subscriber's address (any case).")
		String email;

		@Override
		public int run(ApplicationContext context, PrintStream out) {
			SubscriberRepository subscribers = context.getBean(SubscriberRepository.class);
			Subscriber subscriber = existing(subscribers, this.email);
			ZoneId zone = context.getBean(DigestProperties.class).getZone();
			out.printf("%s%s%n", subscriber.email(), (subscriber.name() != null) ? " (" + subscriber.name() + ")" : "");
			out.printf("  status       %s%n", subscriber.status().code());
			out.printf("  categories   %s%n",
					subscriber.categories().isEmpty() ? "all" : String.join(", ", subscriber.categories()));
			var deliveries = subscribers.lastDeliveries(subscriber.id(), 5);
			if (deliveries.isEmpty()) {
				out.println("  deliveries   none yet");
			}
			deliveries.forEach((line) -> out.printf("  %-12s %s at %s%s%n", line.week(), line.state(),
					SendCommand.WHEN.format(line.at().atZone(zone)), (line.reply() != null) ? ": " + line.reply() : ""));
			return ExitCode.OK;
		}

	}

}
