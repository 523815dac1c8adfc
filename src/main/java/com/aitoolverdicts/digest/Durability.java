package com.aitoolverdicts.digest;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes what was just committed survive a kill -9. H2 holds committed changes in memory and
 * writes them to its file in the background: the crash test lost committed delivery rows (those
 * subscribers were mailed twice) and a frozen issue (recomposed with new Message-IDs). On H2,
 * {@link #flush()} runs CHECKPOINT; PostgreSQL's commit is durable already, so it does nothing.
 */
@Component
public class Durability {

	private final JdbcClient jdbc;

	private final boolean h2;

	Durability(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.h2 = isH2(dataSource);
	}

	/** Commits counted so far: each flush() call is one. */
	private final AtomicLong requested = new AtomicLong();

	/** The commits the last finished CHECKPOINT covers. */
	private long flushed;

	/**
	 * Writes everything committed so far to the database file (H2); call it after the commit.
	 * Group commit: callers that arrive while a CHECKPOINT runs wait for it to end, and the first
	 * of them then runs one CHECKPOINT for all; a caller whose commit the last CHECKPOINT already
	 * covered returns at once. Parallel connections therefore share CHECKPOINTs instead of queueing
	 * one each, and every caller still returns only once its own commit is on disk.
	 */
	public void flush() {
		if (!this.h2) {
			return;
		}
		long mine = this.requested.incrementAndGet();
		synchronized (this) {
			if (this.flushed >= mine) {
				return;
			}
			long covering = this.requested.get();
			this.jdbc.sql("CHECKPOINT").update();
			this.flushed = covering;
		}
	}

	/** Whether the database is H2 (the embedded default) rather than PostgreSQL. */
	public boolean isH2() {
		return this.h2;
	}

	private static boolean isH2(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().equals("H2");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell which database this is: " + ex.getMessage(), ex);
		}
	}

}
