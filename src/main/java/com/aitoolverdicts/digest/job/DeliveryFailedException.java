package com.aitoolverdicts.digest.job;

/** The transport refused or could not take a message; the send stops and can be resumed. */
class DeliveryFailedException extends RuntimeException {

	DeliveryFailedException(String recipient, Exception cause) {
		super("Delivery to " + recipient + " failed: " + cause.getMessage(), cause);
	}

}
