package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.imports.SubscribersFile;
import com.aitoolverdicts.digest.imports.ToolsFile;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository.ImportCounts;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository.SubscriberRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ApplicationContext;

/** {@code import}: loads tools or subscribers from the files FORMATS.md describes. */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = { "Load the week's content or the subscriber list.",
				"The whole file is checked first: if any record is invalid, every problem is listed with its place,",
				"nothing is imported and the exit code is 2. Importing the same file again changes nothing." },
		subcommands = { ImportCommand.Tools.class, ImportCommand.Subscribers.class })
class ImportCommand {

	@Command(name = "tools", mixinStandardHelpOptions = true,
			description = "Import tools with their panel reviews and community votes from a JSON file. "
					+ "A tool whose slug exists is updated.")
	static class Tools implements DigestCommand {

		@Parameters(paramLabel = "FILE", description = "The tools file (JSON, UTF-8).")
		Path file;

		@Override
		public int run(ApplicationContext context, PrintStream out) {
			List<Tool> tools = ToolsFile.read(this.file);
			context.getBean(CatalogRepository.class).upsertAll(tools, context.getBean(Clock.class).instant());
			out.printf("Imported %d tool(s) from %s.%n", tools.size(), this.file);
			return ExitCode.OK;
		}

	}

	@Command(name = "subscribers", mixinStandardHelpOptions = true,
			description = "Import subscribers from a CSV file (email,name,categories,status). "
					+ "A known address (compared ignoring case) is updated.")
	static class Subscribers implements DigestCommand {

		@Parameters(paramLabel = "FILE", description = "The subscribers file (CSV, UTF-8, header row).")
		Path file;

		@Option(names = "--reactivate",
				description = "Let the file re-activate subscribers who unsubscribed (off: they stay unsubscribed).")
		boolean reactivate;

		@Override
		public int run(ApplicationContext context, PrintStream out) {
			List<SubscriberRow> rows = SubscribersFile.read(this.file);
			ImportCounts counts = context.getBean(SubscriberRepository.class)
				.upsertAll(rows, this.reactivate, context.getBean(Clock.class).instant());
			out.printf("Imported %d subscriber(s) from %s: %d new, %d updated.%n", rows.size(), this.file,
					counts.inserted(), counts.updated());
			if (counts.keptUnsubscribed() > 0) {
				out.printf("%d of them unsubscribed earlier and stay unsubscribed (--reactivate to override).%n",
						counts.keptUnsubscribed());
			}
			return ExitCode.OK;
		}

	}

}
