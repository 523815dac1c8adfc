package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/** Digests per reader on the embedded database. */
class H2PersonalDigestFunctionalTests extends PersonalDigestFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.h2();
	}

}
