package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Crashes, signals and concurrent sends on PostgreSQL, as production runs it: there the lease,
 * not a file lock, keeps a second send out. Skipped, saying why, without a server.
 */
class PostgresCrashAndConcurrencyIT extends JarCrashAndConcurrency {

	TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.postgres();
	}

	@AfterEach
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Override
	String databaseUrl(boolean shared) {
		return this.database.url();
	}

}
