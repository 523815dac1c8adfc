package com.aitoolverdicts.digest;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Gives the database pool room for every SMTP connection: each one writes the outcomes other than
 * delivered itself (and checks a subscriber's status again before a retry); next to them the
 * recorder's two threads, which write the delivery rows and check the statuses for all of them,
 * the chunk's own transaction, the lease heartbeat and the reader. A smaller pool does not deadlock but
 * makes connections wait.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionPoolSettings {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionPoolSettings.class);

	/** The recorder's two, the chunk's transaction, the lease heartbeat, and two to spare. */
	static final int BESIDES_SMTP_CONNECTIONS = 6;

	@Bean
	static BeanPostProcessor poolLargeEnoughForTheSmtpConnections(Environment environment) {
		int connections = Binder.get(environment).bind("digest.smtp.connections", Integer.class).orElse(4);
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				int needed = connections + BESIDES_SMTP_CONNECTIONS;
				if (bean instanceof HikariDataSource dataSource && dataSource.getMaximumPoolSize() < needed) {
					logger.info("Raising spring.datasource.hikari.maximum-pool-size from {} to {} for "
							+ "digest.smtp.connections={}", dataSource.getMaximumPoolSize(), needed, connections);
					dataSource.setMaximumPoolSize(needed);
				}
				return bean;
			}
		};
	}

}
