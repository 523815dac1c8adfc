package com.aitoolverdicts.digest.cli;

import java.time.Clock;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.IsoWeek;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.springframework.context.ApplicationContext;

/** The {@code --week} option: parsed before anything starts, defaulting to the last completed week. */
final class Weeks implements ITypeConverter<IsoWeek> {

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
