package com.aitoolverdicts.digest.imports;

/**
 * One thing wrong with an import file: where (record and line), which field, the value found and
 * why it is refused.
 */
public record ImportProblem(String place, String field, String value, String reason) {

	@Override
	public String toString() {
		String shown = (this.value == null) ? "" : " '" + abbreviate(this.value) + "'";
		return this.place + ", " + this.field + shown + ": " + this.reason;
	}

	private static String abbreviate(String value) {
		String oneLine = value.replace("\r", "\\r").replace("\n", "\\n");
		return (oneLine.length() <= 60) ? oneLine : oneLine.substring(0, 57) + "...";
	}

}
