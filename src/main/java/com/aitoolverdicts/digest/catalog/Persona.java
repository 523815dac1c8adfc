package com.aitoolverdicts.digest.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The four reviewer personas of the panel, in the order the site always shows them. */
public enum Persona {

	BUILDER("Builder"), SKEPTIC("Skeptic"), FUTURIST("Futurist"), FOUNDER("Founder");

	private final String label;

	Persona(String label) {
		this.label = label;
	}

	/** The persona's name as the site and the import files spell it. */
	public String label() {
		return this.label;
	}

	/** The persona whose label is {@code label}, compared exactly as the import format requires. */
	public static Optional<Persona> fromLabel(String label) {
		return Arrays.stream(values()).filter((persona) -> persona.label.equals(label)).findFirst();
	}

}
