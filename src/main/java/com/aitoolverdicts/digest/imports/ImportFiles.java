package com.aitoolverdicts.digest.imports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads an import file as strict UTF-8, without a byte-order mark. */
final class ImportFiles {

	private ImportFiles() {
	}

	/** The text without a leading byte-order mark, which some spreadsheet programs write. */
	static String withoutBom(String text) {
		return text.startsWith("\uFEFF") ? text.substring(1) : text;
	}

	static String readUtf8(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new InvalidImportException(file,
					List.of(new ImportProblem("file", "path", file.toString(), "no such file")));
		}
		catch (IOException ex) {
			throw new InvalidImportException(file, List.of(new ImportProblem("file", "path", file.toString(),
					"cannot be read (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")")));
		}
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return text;
		}
		catch (CharacterCodingException ex) {
			throw new InvalidImportException(file,
					List.of(new ImportProblem("file", "encoding", null, "is not valid UTF-8")));
		}
	}

}
