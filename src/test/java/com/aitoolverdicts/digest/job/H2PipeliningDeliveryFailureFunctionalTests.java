package com.aitoolverdicts.digest.job;

import com.aitoolverdicts.digest.support.TestDatabase;

/**
 * SMTP failure handling when the server pipelines: every failure then meets a connection that
 * already carries the next message's envelope, which must be given up without that message
 * being accepted.
 */
class H2PipeliningDeliveryFailureFunctionalTests extends DeliveryFailureFunctionalTests {

	@Override
	TestDatabase newDatabase() {
		return TestDatabase.h2();
	}

	@Override
	boolean pipelining() {
		return true;
	}

}
