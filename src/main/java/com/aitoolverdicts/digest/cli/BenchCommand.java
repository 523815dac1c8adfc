package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.aitoolverdicts.digest.catalog.Persona;
import com.aitoolverdicts.digest.catalog.Review;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.catalog.Verdict;
import com.aitoolverdicts.digest.issue.PairScorer;
import com.aitoolverdicts.digest.issue.PairSelector;
import com.aitoolverdicts.digest.issue.PairWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;

/** {@code bench}: benchmarks that print their figures, on synthetic data only. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = { BenchCommand.Pairs.class, BenchSend.class },
		description = { "Benchmarks that print what they measure: the pair selection (no database), and a whole send",
				"into an SMTP server on this machine (on a scratch database). Neither touches your data." })
class BenchCommand {

	/** {@code bench pairs}: the pair selection of a synthetic week, timed. */
	@Command(name = "pairs", mixinStandardHelpOptions = true, sortOptions = false,
			description = { "Time the pair selection (scoring and maximum-weight matching) of a synthetic week.",
					"Prints the time of each run and the median after the warm-up runs." })
	static class Pairs implements DigestCommand {

		static final Instant WEEK_START = Instant.parse("2026-11-16T00:00:00Z");

		@Option(names = "--tools", defaultValue = "10000", paramLabel = "N",
				description = "New tools in the week (default: ${DEFAULT-VALUE}).")
		int tools;

		@Option(names = "--categories", defaultValue = "30", paramLabel = "N",
				description = "Categories they spread over (default: ${DEFAULT-VALUE}).")
		int categories;

		@Option(names = "--runs", defaultValue = "5", paramLabel = "N",
				description = "Measured runs, after two warm-up runs (default: ${DEFAULT-VALUE}).")
		int runs;

		@Option(names = "--seed", defaultValue = "1", paramLabel = "N",
				description = "Seed of the synthetic week (default: ${DEFAULT-VALUE}).")
		long seed;

		@Override
		public boolean needsContext() {
			return false;
		}

		@Override
		public int run(ApplicationContext context, PrintStream out) {
			if (this.tools < 0 || this.categories < 1 || this.runs < 1) {
				throw new UsageException("--tools must be at least 0, --categories and --runs at least 1");
			}
			List<Tool> week = syntheticWeek(new Random(this.seed), this.tools, this.categories);
			PairScorer scorer = new PairScorer(PairWeights.DEFAULTS, WEEK_START, 12);
			out.printf("Pair selection of %,d new tools in %,d categories (seed %d), %d core(s), Java %s%n", this.tools,
					this.categories, this.seed, Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.version"));
			long[] millis = new long[this.runs];
			PairSelector.Selection selection = null;
			for (int run = -2; run < this.runs; run++) {
				long started = System.nanoTime();
				selection = PairSelector.select(week, List.of(), Set.of(), scorer);
				long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
				out.printf("  run %d  %,6d ms%s%n", run + 3, took, (run < 0) ? "  (warm-up)" : "");
				if (run >= 0) {
					millis[run] = took;
				}
			}
			Arrays.sort(millis);
			out.printf("  median %,d ms, best %,d ms over %d runs: %,d pairs (total score %,.1f), %,d also new%n",
					millis[millis.length / 2], millis[0], this.runs, selection.pairs().size(), selection.totalScore(),
					selection.alsoNew().size());
			return ExitCode.OK;
		}

		/** Tools with four random reviews, a random licence and a publication time in the week. */
		static List<Tool> syntheticWeek(Random random, int count, int categories) {
			String[] licences = { "Apache-2.0", "Proprietary (API only)", null };
			List<Tool> tools = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				List<Review> reviews = new ArrayList<>();
				for (Persona persona : Persona.values()) {
					int score = random.nextInt(101);
					reviews.add(new Review(persona, score,
							(score + random.nextInt(21) - 10 >= 60) ? Verdict.SHIP : Verdict.SKIP, null));
				}
				String slug = String.format("tool-%06d", i);
				tools.add(new Tool(i + 1, slug, "Tool " + i, null, "Category " + (i % categories), null, null, null, null,
						licences[random.nextInt(licences.length)], null,
						WEEK_START.plusSeconds(random.nextInt(7 * 24 * 3600)), 0, 0, reviews));
			}
			return tools;
		}

	}

}
