package com.aitoolverdicts.digest.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.aitoolverdicts.digest.cli.Cli;

/**
 * Runs the command line in this JVM, as the jar's main would, and keeps its exit code, what it
 * printed, and what was logged meanwhile to the process's real stdout and stderr (the console
 * log appender writes there).
 */
public record CliRun(int exitCode, String out, String err, String log) {

	public static CliRun run(List<String> settings, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<String> all = new ArrayList<>(Arrays.asList(args));
		all.addAll(settings);
		PrintStream realOut = System.out;
		PrintStream realErr = System.err;
		PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);
		int code;
		System.setOut(logStream);
		System.setErr(logStream);
		try {
			code = Cli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(realOut);
			System.setErr(realErr);
		}
		realOut.print(log.toString(StandardCharsets.UTF_8));
		return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
				log.toString(StandardCharsets.UTF_8));
	}

	/** Everything a person at the terminal would have seen. */
	public String screen() {
		return this.log + this.out + this.err;
	}

	@Override
	public String toString() {
		return "exit " + this.exitCode + "\n--- out\n" + this.out + "--- err\n" + this.err + "--- log\n" + this.log;
	}

}
