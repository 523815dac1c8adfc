package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** Sending over several connections at once, on PostgreSQL (skipped, saying why, without a server). */
class PostgresParallelDeliveryFunctionalTests extends ParallelDeliveryFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.postgres();
	}

}
