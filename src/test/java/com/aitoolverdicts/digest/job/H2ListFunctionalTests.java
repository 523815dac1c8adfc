package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** The list's headers, unsubscribes and test sends on the embedded database. */
class H2ListFunctionalTests extends ListFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.h2();
	}

}
