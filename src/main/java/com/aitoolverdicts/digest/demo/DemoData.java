package com.aitoolverdicts.digest.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.catalog.CatalogRepository;
import com.aitoolverdicts.digest.catalog.Tool;
import com.aitoolverdicts.digest.imports.SubscribersFile;
import com.aitoolverdicts.digest.imports.ToolsFile;
import com.aitoolverdicts.digest.issue.IsoWeek;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository.SubscriberRow;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the demo dataset into the quick-start database on its first run, so that the README's
 * first command sends a real digest. The demo tools were reviewed in {@link #DEMO_WEEK}; they are
 * moved, whole weeks at a time, into the last completed week so that a plain {@code send} finds
 * them whenever it runs. Any other database (one configured explicitly) is never touched.
 */
@Component
public class DemoData {

	/** The quick-start database: an H2 file under data/, the default of spring.datasource.url. */
	public static final String QUICK_START_URL = "jdbc:h2:file:./data/verdict-digest";

	static final IsoWeek DEMO_WEEK = IsoWeek.parse("2026-W46");

	private final DigestProperties properties;

	private final Environment environment;

	private final JdbcClient jdbc;

	private final CatalogRepository catalog;

	private final SubscriberRepository subscribers;

	private final Clock clock;

	DemoData(DigestProperties properties, Environment environment, JdbcClient jdbc, CatalogRepository catalog,
			SubscriberRepository subscribers, Clock clock) {
		this.properties = properties;
		this.environment = environment;
		this.jdbc = jdbc;
		this.catalog = catalog;
		this.subscribers = subscribers;
		this.clock = clock;
	}

	/** Seeds when this is the quick-start database and it is empty; says what it did. */
	@Transactional
	public Optional<String> seedIfQuickStart() {
		if (!this.properties.isDemoData()
				|| !QUICK_START_URL.equals(this.environment.getProperty("spring.datasource.url")) || !isEmpty()) {
			return Optional.empty();
		}
		IsoWeek target = IsoWeek.lastCompleted(this.clock.instant(), this.properties.getZone());
		long weeks = ChronoUnit.WEEKS.between(DEMO_WEEK.monday(), target.monday());
		List<Tool> tools = tools().stream()
			.map((tool) -> moved(tool, Duration.ofDays(7 * weeks)))
			.toList();
		List<SubscriberRow> rows = SubscribersFile.parse(Path.of("demo/subscribers.csv"),
				resource("demo/subscribers.csv"));
		this.catalog.upsertAll(tools, this.clock.instant());
		this.subscribers.upsertAll(rows, false, this.clock.instant());
		return Optional.of(String.format("First run on the quick-start database: seeded the demo dataset "
				+ "(%d tools reviewed in %s, %d subscribers).", tools.size(), target, rows.size()));
	}

	/** The demo tools as the jar holds them, reviewed in {@link #DEMO_WEEK}; benchmarks and tests use them too. */
	public static List<Tool> tools() {
		return ToolsFile.parse(Path.of("demo/tools.json"), resource("demo/tools.json"));
	}

	private boolean isEmpty() {
		return this.jdbc.sql("""
				SELECT (SELECT COUNT(*) FROM tool) + (SELECT COUNT(*) FROM subscriber) + (SELECT COUNT(*) FROM digest_issue)
				""").query(Long.class).single() == 0;
	}

	private static Tool moved(Tool tool, Duration by) {
		return new Tool(tool.id(), tool.slug(), tool.name(), tool.vendor(), tool.category(), tool.tagline(),
				tool.description(), tool.pricing(), tool.entryPrice(), tool.license(), tool.url(),
				tool.publishedAt().plus(by), tool.communityShip(), tool.communitySkip(), tool.reviews());
	}

	private static String resource(String name) {
		try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("The jar lacks " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
