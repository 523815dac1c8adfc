package com.aitoolverdicts.digest.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.delivery.MessageFactory;
import com.aitoolverdicts.digest.demo.DemoData;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueComposer;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.job.SendOutcome;
import com.aitoolverdicts.digest.job.SendService;
import com.aitoolverdicts.digest.job.SendTimings;
import com.aitoolverdicts.digest.render.DigestRenderer;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench send}: the whole send of the demo week to N synthetic subscribers in a scratch
 * database, into an SMTP server on this machine (Postfix's smtp-sink), next to the ceiling that
 * Postfix's smtp-source reaches against the same server with the same number of connections.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Send the demo week to N synthetic subscribers in a scratch database, into an SMTP server "
				+ "on 127.0.0.1 (start one with Postfix's smtp-sink), and print the rate, the ceiling smtp-source reaches "
				+ "against the same server, peak memory and where the time went. Touches no other database.")
class BenchSend implements DigestCommand {

	static final IsoWeek WEEK = IsoWeek.parse("2026-W46");

	@Option(names = "--subscribers", defaultValue = "10000", paramLabel = "N",
			description = "Synthetic subscribers (default: ${DEFAULT-VALUE}).")
	int subscribers;

	@Option(names = "--smtp-port", defaultValue = "2525", paramLabel = "PORT",
			description = "Port of the SMTP server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
	int port;

	@Option(names = "--connections", defaultValue = "4", paramLabel = "N",
			description = "SMTP connections, for the send and for smtp-source alike (default: ${DEFAULT-VALUE}).")
	int connections;

	@Option(names = "--unrecorded-per-connection", defaultValue = "4", paramLabel = "N",
			description = "digest.smtp.unrecorded-per-connection for the send: 1 to 8 (default: ${DEFAULT-VALUE}).")
	int unrecordedPerConnection;

	@Option(names = "--ceiling-messages", defaultValue = "20000", paramLabel = "N",
			description = "Messages smtp-source sends for the ceiling (default: ${DEFAULT-VALUE}; 0: skip).")
	int ceilingMessages;

	@Option(names = "--ceiling-runs", defaultValue = "3", paramLabel = "N",
			description = "Times smtp-source is run after the send; the rate is compared with the best "
					+ "(default: ${DEFAULT-VALUE}). On a shared virtual machine one run can be half another.")
	int ceilingRuns;

	@Option(names = "--database-url", paramLabel = "JDBC-URL",
			description = "An empty scratch database (default: a new H2 file in a temporary folder).")
	String databaseUrl;

	private Path scratch;

	@Override
	public List<String> settings() {
		try {
			this.scratch = Files.createTempDirectory("verdict-digest-bench-");
			Path folder = this.scratch;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder), "bench-cleanup"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String url = (this.databaseUrl != null) ? this.databaseUrl
				: "jdbc:h2:file:" + this.scratch.resolve("bench").toAbsolutePath();
		return List.of("--spring.datasource.url=" + url, "--digest.mail.transport=smtp", "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + this.port, "--digest.smtp.connections=" + this.connections,
				"--digest.smtp.unrecorded-per-connection=" + this.unrecordedPerConnection,
				"--digest.demo-data=false", "--digest.max-issue-age=36500d",
				"--digest.unsubscribe.secret=bench-secret-not-for-production",
				"--logging.level.com.aitoolverdicts.digest=WARN");
	}

	/** The options the JVM was started with (-Xmx, -XX:TieredStopAtLevel and the like): they move the figures. */
	private static String jvmOptions() {
		List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
		return options.isEmpty() ? "none" : String.join(" ", options);
	}

	@Override
	public int run(ApplicationContext context, PrintStream out) {
		if (this.subscribers < 1) {
			throw new UsageException("--subscribers must be at least 1");
		}
		// --connections and --unrecorded-per-connection are checked by their settings, before this runs.
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM subscriber", Integer.class);
		if (existing != null && existing > 0) {
			throw new UsageException("The bench database is not empty (" + existing + " subscribers): give it a scratch one");
		}
		// Before the fill, which takes a while at a million: a missing templates folder stops it now.
		context.getBean(DigestRenderer.class).templates();
		context.getBean(CatalogRepository.class)
			.upsertAll(DemoData.tools(), context.getBean(Clock.class).instant());
		long filling = System.nanoTime();
		insertSubscribers(jdbc, this.subscribers);
		out.printf("Bench: %,d subscribers in %s (filled in %.1f s), SMTP 127.0.0.1:%d over %d connection(s) "
				+ "(%d unrecorded message(s) each at most), %d core(s), heap max %,d MB, JVM options: %s%n", this.subscribers,
				context.getEnvironment().getProperty("spring.datasource.url", "").startsWith("jdbc:h2") ? "H2" : "PostgreSQL",
				seconds(System.nanoTime() - filling), this.port, this.connections, this.unrecordedPerConnection,
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, jvmOptions());
		SendTimings timings = context.getBean(SendTimings.class);
		HeapSampler heap = HeapSampler.start();
		CpuUse cpu = CpuUse.now();
		MachineCpu machine = MachineCpu.now();
		timings.markWhenAccepted(this.subscribers / 2);
		long started = System.nanoTime();
		SendOutcome outcome = context.getBean(SendService.class).send(WEEK);
		heap.stop();
		long took = System.nanoTime() - started;
		CpuUse used = CpuUse.now().minus(cpu);
		MachineCpu machineAfter = (machine != null) ? MachineCpu.now() : null;
		if (!(outcome instanceof SendOutcome.Ran ran) || ran.ending() != SendOutcome.Ending.SENT) {
			out.printf("The send did not complete: %s%n", outcome);
			return ExitCode.FAILED;
		}
		// After the send, not before: measured before, it competed with the JIT compiling the
		// application's start-up, and the same machine gave anything from 1,069 to 3,492 a second.
		Ceilings measured = ceilings(context, out);
		List<Ceiling> ceilings = measured.runs();
		double rate = ran.deliveredNow() / seconds(took);
		out.printf("  sent         %,d messages in %.1f s: %,.0f msg/s over %d connection(s)%n", ran.deliveredNow(),
				seconds(took), rate, this.connections);
		long halfway = timings.markedNanos();
		double secondHalfRate = 0;
		if (halfway != 0 && this.subscribers >= 1000) {
			long secondHalf = ran.deliveredNow() - this.subscribers / 2;
			secondHalfRate = secondHalf / seconds(started + took - halfway);
			out.printf("  second half  %,d messages in %.1f s: %,.0f msg/s (the JIT compiles most in the first half)%n",
					secondHalf, seconds(started + took - halfway), secondHalfRate);
		}
		if (!ceilings.isEmpty()) {
			double ceiling = ceilings.stream().mapToDouble(Ceiling::rate).max().orElseThrow();
			out.printf("  ceiling      %,.0f msg/s, the best of %d smtp-source run(s) against the same server over %d "
					+ "connection(s): %.0f %% of it%s%n", ceiling, ceilings.size(), this.connections, 100 * rate / ceiling,
					(secondHalfRate > 0) ? String.format(", the second half %.0f %%", 100 * secondHalfRate / ceiling) : "");
			out.printf("               runs %s msg/s; cores stolen by the hypervisor meanwhile %s; used by this JVM %s, "
					+ "by PostgreSQL %s%n",
					ceilings.stream().map((run) -> String.format("%,.0f", run.rate())).collect(Collectors.joining(", ")),
					ceilings.stream()
						.map((run) -> Double.isNaN(run.stolen()) ? "?" : String.format("%.0f %%", 100 * run.stolen()))
						.collect(Collectors.joining(", ")),
					ceilings.stream().map((run) -> String.format("%.2f", run.jvmCores())).collect(Collectors.joining(", ")),
					ceilings.stream()
						.map((run) -> Double.isNaN(run.postgresCores()) ? "?" : String.format("%.2f", run.postgresCores()))
						.collect(Collectors.joining(", ")));
			out.println(measured.settling());
		}
		out.printf("  connections  busy, summed over the %d: render and MIME %.1f s, SMTP %.1f s, waiting at the end of "
				+ "data for the ledger's rows %.1f s and then for the reader's status %.1f s, lease checks %.1f s, "
				+ "rate limit %.1f s%n", this.connections, seconds(timings.renderNanos()), seconds(timings.sendNanos()),
				seconds(timings.recordWaitNanos()), seconds(timings.statusWaitNanos()), seconds(timings.leaseCheckNanos()),
				seconds(timings.throttledNanos()));
		out.printf("  ledger       %.1f s writing %,d delivery rows in %,d rounds (%.1f rows a round), on one thread while "
				+ "the messages went; %.1f s checking statuses in %,d queries, on another%n", seconds(timings.recordNanos()),
				timings.rows(), timings.rounds(), (timings.rounds() > 0) ? (double) timings.rows() / timings.rounds() : 0,
				seconds(timings.checkNanos()), timings.checks());
		out.printf("  reading      %.1f s with no message going (pages of subscribers, their ledger states, checkpoints)%n",
				seconds(timings.readNanos()));
		out.printf("  cpu          the JVM used %.1f core-seconds (%.1f of %d cores on average); of them the JIT "
				+ "compilers %.1f s, collector pauses %.1f s%n", used.processSeconds(), used.processSeconds() / seconds(took),
				Runtime.getRuntime().availableProcessors(), used.compileSeconds(), used.gcPauseSeconds());
		if (machineAfter != null) {
			Map<String, Double> neighbours = machineAfter.neighbourSeconds(machine);
			out.printf("  machine      %.0f %% of the %d cores busy during the send (%.0f %% stolen by the hypervisor); besides "
					+ "the JVM, PostgreSQL's processes used %.1f core-seconds, smtp-sink %.1f (from /proc)%n",
					100 * machineAfter.busyShare(machine), Runtime.getRuntime().availableProcessors(),
					100 * machineAfter.stolenShare(machine), neighbours.get("postgres"), neighbours.get("smtp-sink"));
		}
		out.printf("  memory       heap in use at most %,d MB (of %,d MB allowed), left after a collection at most %,d MB, "
				+ "peak resident %s%n", heap.peakUsed() >> 20, Runtime.getRuntime().maxMemory() >> 20,
				heap.peakLive() >> 20, peakResident());
		return ExitCode.OK;
	}

	/** The JVM's CPU time, compile time and collector pause time so far, in seconds. */
	record CpuUse(double processSeconds, double compileSeconds, double gcPauseSeconds) {

		static CpuUse now() {
			double process = (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
					? os.getProcessCpuTime() / 1e9 : Double.NaN;
			double compile = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
			double gc = ManagementFactory.getGarbageCollectorMXBeans()
				.stream()
				.mapToLong((bean) -> Math.max(0, bean.getCollectionTime()))
				.sum() / 1e3;
			return new CpuUse(process, compile, gc);
		}

		CpuUse minus(CpuUse before) {
			return new CpuUse(this.processSeconds - before.processSeconds, this.compileSeconds - before.compileSeconds,
					this.gcPauseSeconds - before.gcPauseSeconds);
		}

	}

	/**
	 * What smtp-source reaches with the digest itself, once per --ceiling-runs, with the share of
	 * the cores stolen during each run; empty when it is not measured.
	 */
	private Ceilings ceilings(ApplicationContext context, PrintStream out) {
		Path source = Path.of("/usr/sbin/smtp-source");
		if (this.ceilingMessages <= 0 || this.ceilingRuns <= 0 || !Files.isExecutable(source)) {
			out.println("  ceiling      not measured (" + ((this.ceilingMessages <= 0 || this.ceilingRuns <= 0)
					? "--ceiling-messages or --ceiling-runs 0" : "no /usr/sbin/smtp-source: install Postfix") + ")");
			return Ceilings.NONE;
		}
		List<Ceiling> runs = new ArrayList<>();
		try {
			Path eml = sample(context);
			String settling = settle();
			for (int run = 0; run < this.ceilingRuns; run++) {
				MachineCpu machine = MachineCpu.now();
				CpuUse jvm = CpuUse.now();
				long started = System.nanoTime();
				Process process = new ProcessBuilder(source.toString(), "-4", "-d", "-s", Integer.toString(this.connections),
						"-m", Integer.toString(this.ceilingMessages), "-N", "-F", eml.toString(), "-f", "bench@example.com",
						"-t", "rcpt@example.net", "127.0.0.1:" + this.port)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
					out.println("  ceiling      smtp-source failed (exit " + process.exitValue() + ")");
					return Ceilings.NONE;
				}
				long took = System.nanoTime() - started;
				double rate = this.ceilingMessages / seconds(took);
				MachineCpu after = (machine != null) ? MachineCpu.now() : null;
				runs.add(new Ceiling(rate, (after != null) ? after.stolenShare(machine) : Double.NaN,
						CpuUse.now().minus(jvm).processSeconds() / seconds(took),
						(after != null) ? after.neighbourSeconds(machine).get("postgres") / seconds(took) : Double.NaN));
			}
			return new Ceilings(runs, settling);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Ceilings.NONE;
		}
	}

	/** The ceiling runs, and the line that says how long the JVM took to go quiet before them. */
	private record Ceilings(List<Ceiling> runs, String settling) {

		static final Ceilings NONE = new Ceilings(List.of(), "");

	}

	/**
	 * One run of smtp-source: its rate, the share of the cores stolen meanwhile, and the cores this
	 * JVM and PostgreSQL's processes used meanwhile (NaN: unknown).
	 */
	private record Ceiling(double rate, double stolen, double jvmCores, double postgresCores) {
	}

	/**
	 * Waits, for up to a minute, until the machine's cores are idle but for a fifth of one (this JVM
	 * less than a tenth) over a second, and returns a line that says how long that took and what
	 * was still busy. After a large send on H2 the database's background work went on using up to
	 * 0.9 of a core, which smtp-source and smtp-sink lacked. After a PostgreSQL million the
	 * ceilings came out lower than after H2's the same hour (3,001-4,833 msg/s against
	 * 4,750-5,337), so the machine is watched too; it was idle within a second, PostgreSQL
	 * included, and the ceiling still came out at 3,729-4,443: not PostgreSQL's after-work.
	 */
	private static String settle() throws InterruptedException {
		long started = System.nanoTime();
		double jvm;
		double machineCores;
		double postgres;
		do {
			CpuUse before = CpuUse.now();
			MachineCpu machine = MachineCpu.now();
			Thread.sleep(1000);
			jvm = CpuUse.now().minus(before).processSeconds();
			MachineCpu after = (machine != null) ? MachineCpu.now() : null;
			machineCores = (after != null) ? after.busyShare(machine) * Runtime.getRuntime().availableProcessors() : 0;
			postgres = (after != null) ? after.neighbourSeconds(machine).get("postgres") : 0;
		}
		while ((jvm >= 0.1 || machineCores >= 0.2) && System.nanoTime() - started < TimeUnit.MINUTES.toNanos(1));
		return String.format("  settling     %.0f s before the ceiling, until the machine used %.2f of a core over a second "
				+ "(this JVM %.2f, PostgreSQL %.2f)", seconds(System.nanoTime() - started), machineCores, jvm, postgres);
	}

	/** One digest as the send makes it, written as an .eml for smtp-source. */
	private Path sample(ApplicationContext context) throws IOException {
		Issue issue = context.getBean(IssueComposer.class).preview(WEEK).orElseThrow();
		Subscriber reader = new Subscriber(1, "bench0000001@example.com", "Bench Reader", SubscriberStatus.ACTIVE, List.of());
		Path eml = this.scratch.resolve("digest.eml");
		try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(eml))) {
			context.getBean(MessageFactory.class)
				.build(issue, reader, context.getBean(DigestRenderer.class).render(issue, reader))
				.writeTo(stream);
		}
		return eml;
	}

	private static void insertSubscribers(JdbcTemplate jdbc, int count) {
		java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
		for (int from = 1; from <= count; from += 5000) {
			List<Object[]> rows = new ArrayList<>();
			for (int i = from; i < Math.min(count + 1, from + 5000); i++) {
				String email = String.format("bench%07d@example.com", i);
				rows.add(new Object[] { email, email, "Reader " + i, now, now });
			}
			jdbc.batchUpdate("INSERT INTO subscriber (email, email_key, name, status, created_at, updated_at) "
					+ "VALUES (?, ?, ?, 'active', ?, ?)", rows);
		}
	}

	/** Samples the heap in use every 50 ms: its peak is at most the heap allowed, unlike the sum of the pools' peaks. */
	private static final class HeapSampler {

		private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "bench-heap");
				thread.setDaemon(true);
				return thread;
			});

		private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();

		private final java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong();

		static HeapSampler start() {
			HeapSampler sampler = new HeapSampler();
			sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 50, TimeUnit.MILLISECONDS);
			return sampler;
		}

		private void sample() {
			this.peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
			long afterCollection = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
					afterCollection += pool.getCollectionUsage().getUsed();
				}
			}
			this.live.accumulateAndGet(afterCollection, Math::max);
		}

		/** The most heap the collections left in use: what the send keeps alive. */
		long peakLive() {
			return this.live.get();
		}

		void stop() {
			this.timer.shutdownNow();
		}

		long peakUsed() {
			return this.peak.get();
		}

	}

	/** VmHWM of /proc/self/status: the most resident memory the process had. */
	private static String peakResident() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmHWM:"))
				.map((line) -> String.format("%,d MB", Long.parseLong(line.replaceAll("\\D", "")) >> 10))
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	/** Removes the scratch folder (its H2 database and the sample .eml) when the JVM exits. */
	private static void deleteQuietly(Path folder) {
		try (var files = Files.walk(folder)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// A scratch folder under the system's temporary directory; nothing to report.
		}
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
