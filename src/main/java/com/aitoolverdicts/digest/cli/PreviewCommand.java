package com.aitoolverdicts.digest.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueComposer;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.delivery.OutgoingMessage;
import com.aitoolverdicts.digest.render.DigestRenderer;
import com.aitoolverdicts.digest.render.RenderedDigest;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;

/** {@code preview}: one subscriber's digest as files. Sends nothing and records nothing. */
@Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Write one subscriber's digest of a week as HTML, plain text and .eml, to look at.",
				"Sends nothing and records nothing: an issue that is not composed yet is not frozen either." })
class PreviewCommand implements DigestCommand {

	@Mixin
	Weeks.Option week = new Weeks.Option();

	@Option(names = "--email", paramLabel = "EMAIL", required = true, description = "The subscriber to preview for.")
	String email;

	@Option(names = "--out", paramLabel = "DIR", defaultValue = "outbox/preview",
			description = "Folder to write the files to (default: ${DEFAULT-VALUE}).")
	Path out;

	@Override
	public boolean seedsDemoData() {
		return true;
	}

	@Override
	public int run(ApplicationContext context, PrintStream console) {
		IsoWeek target = this.week.resolve(context);
		Subscriber subscriber = context.getBean(SubscriberRepository.class)
			.findByEmail(this.email)
			.orElseThrow(() -> new UsageException("No subscriber has the address '" + this.email
					+ "'; import them first with 'import subscribers FILE'"));
		Issue issue = context.getBean(IssueComposer.class).preview(target).orElse(null);
		if (issue == null) {
			console.printf("No tools were published in %s: there is nothing to preview.%n", target);
			return ExitCode.OK;
		}
		DigestRenderer renderer = context.getBean(DigestRenderer.class);
		if (renderer.audience(issue, subscriber).isEmpty()) {
			console.printf("%s follows %s: nothing new in their categories in %s, so the send skips them.%n",
					subscriber.email(), String.join(", ", subscriber.categories()), target);
			return ExitCode.OK;
		}
		RenderedDigest digest = renderer.render(issue, subscriber);
		OutgoingMessage message = context.getBean(MessageFactory.class).build(issue, subscriber, digest);
		String base = target + "-" + subscriber.email().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._+-]", "_");
		try {
			Files.createDirectories(this.out);
			Path html = Files.writeString(this.out.resolve(base + ".html"), digest.html(), StandardCharsets.UTF_8);
			Path text = Files.writeString(this.out.resolve(base + ".txt"), digest.text(), StandardCharsets.UTF_8);
			Path eml = this.out.resolve(base + ".eml");
			try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(eml))) {
				message.writeTo(stream);
			}
			console.printf("Preview of %s for %s%n  subject  %s%n  html     %s%n  text     %s%n  eml      %s%n", target,
					subscriber.email(), digest.subject(), html.toAbsolutePath().normalize(),
					text.toAbsolutePath().normalize(), eml.toAbsolutePath().normalize());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the preview to " + this.out + ": " + ex.getMessage(), ex);
		}
		return ExitCode.OK;
	}

}
