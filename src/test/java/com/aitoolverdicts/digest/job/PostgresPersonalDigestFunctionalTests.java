package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** Digests per reader on PostgreSQL (skipped, saying why, without a server). */
class PostgresPersonalDigestFunctionalTests extends PersonalDigestFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.postgres();
	}

}
