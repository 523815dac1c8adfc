package com.aitoolverdicts.digest;

import java.sql.Connection;
import java.sql.SQLException;

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

	/** Writes everything committed so far to the database file (H2); call it after the commit. */
	public void flush() {
		if (this.h2) {
			this.jdbc.sql("CHECKPOINT").update();
		}
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
