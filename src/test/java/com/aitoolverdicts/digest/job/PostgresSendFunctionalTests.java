package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** The end-to-end send on PostgreSQL: skipped, saying why, when no server answers (see {@link TestDatabase}). */
class PostgresSendFunctionalTests extends SendFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.postgres();
	}

}
