package com.aitoolverdicts.digest.imports;

import java.nio.file.Path;
import java.util.List;

/** An import file was refused as a whole; nothing was written. Carries every problem found. */
public class InvalidImportException extends RuntimeException {

	private final Path file;

	private final List<ImportProblem> problems;

	public InvalidImportException(Path file, List<ImportProblem> problems) {
		super(file + ": " + problems.size() + " problem(s), nothing imported");
		this.file = file;
		this.problems = List.copyOf(problems);
	}

	public Path file() {
		return this.file;
	}

	public List<ImportProblem> problems() {
		return this.problems;
	}

}
