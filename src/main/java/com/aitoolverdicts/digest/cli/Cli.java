package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.VerdictDigestApplication;
import com.aitoolverdicts.digest.demo.DemoData;
import com.aitoolverdicts.digest.imports.ImportProblem;
import com.aitoolverdicts.digest.imports.InvalidImportException;
import com.aitoolverdicts.digest.job.SendStop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command line: parses the command without Spring (so that {@code --help} and usage errors are
 * instant), starts the Spring context with the {@code --name=value} settings, runs the command and
 * turns every failure into a message and a documented exit code, never a stack trace.
 */
public final class Cli {

	private static final Logger logger = LoggerFactory.getLogger(Cli.class);

	/** {@code --spring.datasource.url=...}, {@code --digest.zone=...}: a setting for Spring, not an option. */
	private static final Pattern SETTING = Pattern.compile("--[A-Za-z][\\w-]*(\\.[\\w\\[\\]-]+)+=.*", Pattern.DOTALL);

	private Cli() {
	}

	@Command(name = "verdict-digest", mixinStandardHelpOptions = true, version = "verdict-digest 0.1.0",
			subcommands = { SendCommand.class, RerunCommand.class, StatusCommand.class, PreviewCommand.class,
					ImportCommand.class, ServeCommand.class, UnsubscribeCommand.class, SubscribersCommand.class,
					BenchCommand.class },
			description = { "The batch job behind Weekly AI Tool Verdicts: compose the week's comparisons, render a "
					+ "digest for each subscriber and send it, exactly once each." },
			footer = { "", "Settings: any Spring Boot property as --name=value (before or after the command) or as an "
					+ "environment variable, e.g. --spring.datasource.url=jdbc:postgresql://host/db or "
					+ "DIGEST_MAIL_TRANSPORT=smtp.", "", "Exit codes:", "  0  done, or nothing to do",
					"  1  the send failed part-way; 'rerun --week W' resumes it",
					"  2  bad usage or bad input (nothing was changed)",
					"  3  cannot start: database, templates or a setting", "  4  another send of the same week is running",
					"  5  sent, except to recipients refused for now: 'rerun --failed-only' later",
					"  6  stopped: the server refuses the message itself, or too many addresses bounced",
					"  143  stopped by Ctrl-C or SIGTERM after the message in flight; 'rerun --week W' resumes" })
	static final class Root {

	}

	public static int run(String[] args) {
		return run(args, System.out, System.err);
	}

	public static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> settings = new ArrayList<>();
		List<String> words = new ArrayList<>();
		boolean endOfOptions = false;
		for (String arg : args) {
			endOfOptions |= arg.equals("--");
			(!endOfOptions && SETTING.matcher(arg).matches() ? settings : words).add(arg);
		}
		CommandLine commandLine = new CommandLine(new Root());
		commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
		commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
		ParseResult parsed;
		try {
			parsed = commandLine.parseArgs(words.toArray(String[]::new));
		}
		catch (ParameterException ex) {
			err.println("verdict-digest: " + ex.getMessage());
			err.println("Run '" + ex.getCommandLine().getCommandName() + " --help' for usage.");
			return ExitCode.USAGE;
		}
		if (CommandLine.printHelpIfRequested(parsed)) {
			return ExitCode.OK;
		}
		ParseResult leaf = parsed;
		while (leaf.hasSubcommand()) {
			leaf = leaf.subcommand();
		}
		if (!(leaf.commandSpec().userObject() instanceof DigestCommand command)) {
			err.println("verdict-digest: say which command to run.");
			leaf.commandSpec().commandLine().usage(err);
			return ExitCode.USAGE;
		}
		if (!command.needsContext()) {
			return execute(command, null, out, err);
		}
		return start(command, settings, out, err);
	}

	private static int start(DigestCommand command, List<String> settings, PrintStream out, PrintStream err) {
		ConfigurableApplicationContext context;
		try {
			SpringApplication application = new SpringApplication(VerdictDigestApplication.class);
			application.setWebApplicationType(command.servesWeb() ? WebApplicationType.SERVLET : WebApplicationType.NONE);
			application.setBannerMode(Banner.Mode.OFF);
			application.setLogStartupInfo(false);
			application.setRegisterShutdownHook(false);
			List<String> arguments = new ArrayList<>(settings);
			for (String own : command.settings()) {
				String key = own.substring(0, own.indexOf('=') + 1);
				if (settings.stream().noneMatch((given) -> given.startsWith(key))) {
					arguments.add(own);
				}
			}
			if (command.servesWeb()) {
				// application.properties says "none" for every other command; a setting outranks it.
				arguments.add(0, "--spring.main.web-application-type=servlet");
			}
			context = application.run(arguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			logger.debug("Start-up failed", ex);
			String problem = startupProblem(ex);
			if (problem.contains("Database may be already in use") || problem.startsWith("The file is locked")) {
				err.println("verdict-digest: the H2 database is open in another process (a send may be running); "
						+ "this run did nothing. " + problem);
				return ExitCode.BUSY;
			}
			err.println("verdict-digest: cannot start: " + problem);
			return ExitCode.CONFIG;
		}
		CountDownLatch finished = new CountDownLatch(1);
		AtomicInteger exitCode = new AtomicInteger(ExitCode.STOPPED);
		SendStop stop = context.getBean(SendStop.class);
		Thread gracefulStop = new Thread(() -> {
			stop.request();
			awaitQuietly(finished);
			// Exit with the command's own code: a send that finished, or an import, is not a stop.
			Runtime.getRuntime().halt(exitCode.get());
		}, "graceful-stop");
		Runtime.getRuntime().addShutdownHook(gracefulStop);
		try (context) {
			int code = execute(command, context, out, err);
			exitCode.set(code);
			return code;
		}
		finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(gracefulStop);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down (SIGTERM): the hook is running and now returns.
			}
		}
	}

	/** Runs the command in the started context and turns each kind of failure into its message and code. */
	private static int execute(DigestCommand command, ConfigurableApplicationContext context, PrintStream out,
			PrintStream err) {
		try {
			if (context != null && command.seedsDemoData()) {
				context.getBean(DemoData.class).seedIfQuickStart().ifPresent(out::println);
			}
			return command.run(context, out);
		}
		catch (UsageException ex) {
			err.println("verdict-digest: " + ex.getMessage());
			return ExitCode.USAGE;
		}
		catch (InvalidImportException ex) {
			err.printf("verdict-digest: %s was not imported: %d problem(s). Nothing was changed.%n", ex.file(),
					ex.problems().size());
			for (ImportProblem problem : ex.problems()) {
				err.println("  " + problem);
			}
			return ExitCode.USAGE;
		}
		catch (ConfigurationException ex) {
			err.println("verdict-digest: " + ex.getMessage());
			return ExitCode.CONFIG;
		}
		catch (RuntimeException ex) {
			logger.debug("The command failed", ex);
			err.println("verdict-digest: failed: " + message(ex));
			return ExitCode.FAILED;
		}
	}

	/**
	 * On SIGTERM or Ctrl-C the JVM runs this hook while the command is still sending: it asks the
	 * send to stop after the message in flight and keeps the JVM alive until the command has
	 * recorded it, printed its summary and closed the context (Boot's own hook would close the
	 * database under the running job).
	 */
	private static void awaitQuietly(CountDownLatch finished) {
		try {
			finished.await(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The most telling message of a start-up failure: the invalid setting, or the deepest cause
	 * from a driver or library (it names the host, the file or the migration), else the deepest.
	 */
	static String startupProblem(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind) {
				return "invalid setting " + settingName(bind) + ": " + deepest(bind).getMessage();
			}
		}
		Throwable telling = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String type = cause.getClass().getName();
			if (!type.startsWith("org.springframework.") && !type.startsWith("java.") && cause.getMessage() != null) {
				telling = cause;
			}
		}
		return (telling != null) ? firstLine(telling.getMessage()) : message(failure);
	}

	/**
	 * The setting a binding failed on: a setter that refused its value fails the binding of its
	 * whole group (digest.smtp, say), and only the binder's wrapper names the property itself.
	 */
	private static String settingName(BindException bind) {
		String prefix = "Unable to set value for property ";
		for (Throwable cause = bind.getCause(); cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().startsWith(prefix)) {
				return bind.getName() + "." + cause.getMessage().substring(prefix.length()).strip();
			}
		}
		return bind.getName().toString();
	}

	/** The root cause's message: the framework's wrappers only repeat the SQL or the bean that failed. */
	private static String message(Throwable failure) {
		Throwable deepest = deepest(failure);
		return firstLine((deepest.getMessage() != null) ? deepest.getMessage() : deepest.getClass().getName());
	}

	private static Throwable deepest(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		return deepest;
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		return (end < 0) ? text.strip() : text.substring(0, end).strip();
	}

}
