package com.aitoolverdicts.digest;

/** A setting, template or other part of the set-up is wrong; the CLI exits 3 and sends nothing. */
public class ConfigurationException extends RuntimeException {

	public ConfigurationException(String message) {
		super(message);
	}

}
