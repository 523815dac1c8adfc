package com.aitoolverdicts.digest;

import java.time.Clock;

import com.aitoolverdicts.digest.cli.Cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The digest job's Spring context; {@link #main} hands the command line to {@link Cli}. */
@SpringBootApplication
@EnableConfigurationProperties(DigestProperties.class)
public class VerdictDigestApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		System.exit(Cli.run(args));
	}

}
