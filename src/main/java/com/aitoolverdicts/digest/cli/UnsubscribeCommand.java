package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.time.Clock;

import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;

/** {@code unsubscribe --email E}: what the link does, for an operator answering a request by mail. */
@Command(name = "unsubscribe", mixinStandardHelpOptions = true,
		description = { "Unsubscribe one address, as its unsubscribe link would. It takes effect for every message not yet",
				"handed to a connection, even in a send that is running now. Doing it again changes nothing." })
class UnsubscribeCommand implements DigestCommand {

	@Option(names = "--email", paramLabel = "EMAIL", required = true, description = "The subscriber's address.")
	String email;

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		SubscriberRepository subscribers = context.getBean(SubscriberRepository.class);
		Subscriber subscriber = SubscribersCommand.existing(subscribers, this.email);
		if (subscribers.unsubscribe(subscriber.id(), context.getBean(Clock.class).instant())) {
			out.printf("Unsubscribed %s (was %s).%n", subscriber.email(), subscriber.status().code());
		}
		else {
			out.printf("%s was already unsubscribed. Nothing changed.%n", subscriber.email());
		}
		return ExitCode.OK;
	}

}
