package com.aitoolverdicts.digest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Input files for tests, written to a temporary folder. */
public final class Fixtures {

	private Fixtures() {
	}

	/** Copies a classpath resource (for example {@code demo/tools.json}) to {@code dir}. */
	public static Path copy(String resource, Path dir) {
		try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + resource);
			}
			Path file = dir.resolve(Path.of(resource).getFileName().toString());
			Files.write(file, in.readAllBytes());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Path write(Path dir, String name, String content) {
		try {
			return Files.writeString(dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Imports the demo week's tools and {@link #subscribers} through the command line, as an
	 * operator would, and checks both imports succeeded.
	 */
	public static void importWeek(List<String> settings, Path dir, int activeSubscribers) {
		for (CliRun run : List.of(CliRun.run(settings, "import", "tools", copy("demo/tools.json", dir).toString()),
				CliRun.run(settings, "import", "subscribers", subscribers(dir, activeSubscribers).toString()))) {
			if (run.exitCode() != 0) {
				throw new IllegalStateException("import failed: " + run);
			}
		}
	}

	/**
	 * A subscribers file of {@code active} active readers (reader01@example.com, ...), one who
	 * unsubscribed and one whose address bounced.
	 */
	public static Path subscribers(Path dir, int active) {
		List<String> lines = new ArrayList<>();
		lines.add("email,name,categories,status");
		for (int i = 1; i <= active; i++) {
			String name = (i % 3 == 0) ? "" : "Reader " + i;
			String categories = (i % 4 == 0) ? "Design;Writing" : "";
			lines.add(String.format("reader%02d@example.com,%s,%s,active", i, name, categories));
		}
		lines.add("gone@example.com,Gone,,unsubscribed");
		lines.add("bounced@example.com,Bounced,,bounced");
		return write(dir, "subscribers.csv", String.join("\n", lines) + "\n");
	}

}
