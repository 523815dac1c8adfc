package com.aitoolverdicts.digest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built jar run as a child process, as cron runs it: its exit code and what it printed. */
public final class JarProcess {

	static final Path JAR = Path.of("target/verdict-digest.jar");

	private final Process process;

	private final Path output;

	private JarProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	public static JarProcess start(Path dir, List<String> settings, String... args) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR + " is missing: these tests run after 'package' (mvn verify)");
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", JAR.toAbsolutePath().toString()));
		command.addAll(List.of(args));
		command.addAll(settings);
		// The jar has no test configuration: the secret every database but the quick-start one needs.
		command.add("--digest.unsubscribe.secret=test-secret-not-for-production");
		try {
			Path output = Files.createTempFile(dir, "jar-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			return new JarProcess(process, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits for the process (at most two minutes) and returns its exit code. */
	public int waitFor() {
		try {
			if (!this.process.waitFor(2, TimeUnit.MINUTES)) {
				this.process.destroyForcibly();
				throw new IllegalStateException("The jar did not finish in two minutes:\n" + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** SIGKILL: no shutdown hook, no finally block, exactly a crash. */
	public void kill() {
		this.process.destroyForcibly();
		waitFor();
	}

	/** SIGTERM, as systemd, Kubernetes or Ctrl-C send it; does not wait. */
	public void terminate() {
		this.process.destroy();
	}

	public String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
