package com.aitoolverdicts.digest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test: an H2 file database, or a fresh PostgreSQL
 * database created on the server at {@code digest.test.postgres-url} and dropped afterwards.
 * PostgreSQL tests skip, saying why, when the server does not answer, unless
 * {@code digest.test.postgres-required=true} (as in CI), where they fail instead.
 */
public final class TestDatabase implements AutoCloseable {

	/** The server the PostgreSQL tests use; its database is only used to create and drop their own. */
	public static final String POSTGRES_URL = System.getProperty("digest.test.postgres-url",
			System.getenv().getOrDefault("DIGEST_TEST_POSTGRES_URL",
					"jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));

	private static volatile boolean warned;

	private final String url;

	private final String dropName;

	private final Path h2Dir;

	private TestDatabase(String url, String dropName, Path h2Dir) {
		this.url = url;
		this.dropName = dropName;
		this.h2Dir = h2Dir;
	}

	/** An H2 file database in a fresh temporary folder, as the quick start uses (Boot shuts in-memory ones down). */
	public static TestDatabase h2() {
		try {
			Path dir = Files.createTempDirectory("digest-h2-");
			return new TestDatabase("jdbc:h2:file:" + dir.resolve("digest").toAbsolutePath(), null, dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static TestDatabase postgres() {
		String name = "digest_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			if (Boolean.getBoolean("digest.test.postgres-required")) {
				throw new IllegalStateException("PostgreSQL is required here but " + POSTGRES_URL + " failed", ex);
			}
			String reason = "PostgreSQL does not answer at " + POSTGRES_URL + " (" + firstLine(ex.getMessage())
					+ "): skipping the PostgreSQL tests. Set -Ddigest.test.postgres-url=... to run them.";
			if (!warned) {
				warned = true;
				System.err.println("WARNING: " + reason);
			}
			Assumptions.abort(reason);
		}
		return new TestDatabase(POSTGRES_URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), name, null);
	}

	private static String firstLine(String text) {
		return (text == null) ? "" : text.lines().findFirst().orElse("");
	}

	public String url() {
		return this.url;
	}

	/** Runs one statement on the database, outside any application context. */
	public void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** The first column of the first row of {@code sql}, as text. */
	public String queryString(String sql) {
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** The first column of every row of {@code sql}, as text. */
	public List<String> queryStrings(String sql) {
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement();
				java.sql.ResultSet rs = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rs.next()) {
				values.add(rs.getString(1));
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	@Override
	public void close() {
		if (this.h2Dir != null) {
			try (Stream<Path> files = Files.walk(this.h2Dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return;
		}
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.dropName + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot drop the test database " + this.dropName, ex);
		}
	}

}
