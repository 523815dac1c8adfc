package com.aitoolverdicts.digest.render;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.demo.DemoData;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.issue.IssueState;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.issue.PairScorer;
import com.aitoolverdicts.digest.issue.PairSelector;
import com.aitoolverdicts.digest.issue.PairWeights;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.env.MockEnvironment;

/**
 * Rendering one personalised digest of the demo week (subject, HTML, text, with the reader's own
 * unsubscribe links), single-threaded: {@code shared} is what the send does (the audience's
 * rendering, filled per reader), {@code fromScratch} runs the templates for the reader alone.
 * Run it as the README says; it is never part of {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RenderBenchmark {

	private DigestRenderer renderer;

	private Issue issue;

	private Subscriber[] readers;

	private int next;

	@Setup
	public void setUp() {
		Instant weekStart = Instant.parse("2026-11-09T00:00:00Z");
		PairSelector.Selection selection = PairSelector.select(
				DemoData.tools(), List.of(), Set.of(),
				new PairScorer(PairWeights.DEFAULTS, weekStart, 12));
		this.issue = new Issue(1, IsoWeek.parse("2026-W46"), IssueState.COMPOSED, Instant.parse("2026-11-16T06:00:00Z"),
				null, weekStart, Instant.parse("2026-11-16T00:00:00Z"), selection.pairs(), selection.alsoNew());
		DigestProperties properties = new DigestProperties();
		properties.setTemplatesDir(Path.of("templates"));
		properties.getUnsubscribe().setSecret("bench-secret-not-for-production");
		this.renderer = new DigestRenderer(properties, new UnsubscribeTokens(properties, new MockEnvironment(), null));
		this.readers = new Subscriber[1024];
		for (int i = 0; i < this.readers.length; i++) {
			this.readers[i] = new Subscriber(i + 1, "reader" + i + "@example.com", "Reader " + i,
					SubscriberStatus.ACTIVE, List.of());
		}
	}

	@Benchmark
	public RenderedDigest shared() {
		return this.renderer.render(this.issue, this.readers[this.next++ & 1023]);
	}

	@Benchmark
	public RenderedDigest fromScratch() {
		return this.renderer.renderFromScratch(this.issue, this.readers[this.next++ & 1023]);
	}

}
