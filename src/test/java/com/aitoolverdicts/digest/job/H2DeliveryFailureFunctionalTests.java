package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** SMTP failure handling on the embedded database. */
class H2DeliveryFailureFunctionalTests extends DeliveryFailureFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.h2();
	}

}
