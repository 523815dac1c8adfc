package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** Sending over several connections at once, on the embedded database. */
class H2ParallelDeliveryFunctionalTests extends ParallelDeliveryFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.h2();
	}

}
