package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** The list's headers, unsubscribes and test sends on PostgreSQL (skipped, saying why, without a server). */
class PostgresListFunctionalTests extends ListFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.postgres();
	}

}
