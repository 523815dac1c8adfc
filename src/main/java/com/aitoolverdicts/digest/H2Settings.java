package com.aitoolverdicts.digest;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps an H2 database open until the application closes it. By default H2 closes a database
 * from its own JVM shutdown hook, which runs at the same time as the graceful stop on SIGTERM:
 * the message in flight would then be accepted by the server with no database left to record it.
 * H2 does not allow this with AUTO_SERVER=TRUE, so such URLs keep H2's default.
 */
@Configuration(proxyBeanMethods = false)
class H2Settings {

	@Bean
	static BeanPostProcessor h2KeepOpenUntilClosed() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
					String url = dataSource.getJdbcUrl().toUpperCase(java.util.Locale.ROOT);
					if (url.startsWith("JDBC:H2:") && !url.contains("AUTO_SERVER=TRUE")
							&& !url.contains("DB_CLOSE_ON_EXIT")) {
						dataSource.addDataSourceProperty("DB_CLOSE_ON_EXIT", "FALSE");
					}
				}
				return bean;
			}
		};
	}

}
