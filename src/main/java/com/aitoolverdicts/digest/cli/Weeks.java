package com.aitoolverdicts.digest.cli;

import java.time.Clock;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.IsoWeek;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.springframework.context.ApplicationContext;

/** The {@code --week} option: parsed before anything starts, defaulting to the last completed week. */
final class Weeks implements ITypeConverter<IsoWeek> {

	/** The option itself, mixed into the commands that take a week. */
	static final class Option {

		@picocli.CommandLine.Option(names = "--week", paramLabel = "WEEK", converter = Weeks.class,
				description = "ISO week, like 2026-W47 (default: the last completed week in digest.zone).")
		IsoWeek week;

		IsoWeek resolve(ApplicationContext context) {
			return orLastCompleted(this.week, context);
		}

	}

	@Override
	public IsoWeek convert(String value) {
		try {
			return IsoWeek.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException(ex.getMessage());
		}
	}

	static IsoWeek orLastCompleted(IsoWeek week, ApplicationContext context) {
		if (week != null) {
			return week;
		}
		return IsoWeek.lastCompleted(context.getBean(Clock.class).instant(),
				context.getBean(DigestProperties.class).getZone());
	}

}
