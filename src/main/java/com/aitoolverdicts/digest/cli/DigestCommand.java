package com.aitoolverdicts.digest.cli;

import java.io.PrintStream;

import org.springframework.context.ApplicationContext;

/** A leaf command: parsed without Spring, then run inside the started context. */
interface DigestCommand {

	/** Runs the command and returns its exit code. */
	int run(ApplicationContext context, PrintStream out);

	/** Whether the command needs the application (database, settings); one that does not runs without starting it. */
	default boolean needsContext() {
		return true;
	}

	/** Settings the command brings (a scratch database, say); one given on the command line wins. */
	default java.util.List<String> settings() {
		return java.util.List.of();
	}

	/** Whether the command serves HTTP (server.port); the others start no web server. */
	default boolean servesWeb() {
		return false;
	}

	/** Whether the quick-start database may be seeded with the demo dataset before this command. */
	default boolean seedsDemoData() {
		return false;
	}

}
