package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** SMTP failure handling on PostgreSQL (skipped, saying why, without a server). */
class PostgresDeliveryFailureFunctionalTests extends DeliveryFailureFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.postgres();
	}

}
