package com.aitoolverdicts.digest.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import javax.net.ssl.SSLSocketFactory;

import com.aitoolverdicts.digest.ConfigurationException;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What {@link SmtpConnection} needs to know, read once from Spring Boot's {@code spring.mail.*}:
 * host, port, credentials, {@code smtp} or {@code smtps}, and the {@code mail.smtp.*} properties
 * that matter for a sender that only submits (timeouts, TLS, AUTH, EHLO name, envelope sender).
 * A {@code mail.*} property it does not know is a configuration error rather than silently ignored.
 */
record SmtpSettings(String host, int port, String username, String password, boolean implicitTls, boolean startTls,
		boolean startTlsRequired, boolean authRequired, List<String> authMechanisms, SSLSocketFactory sslSocketFactory,
		Set<String> trustedHosts, boolean checkServerIdentity, String[] tlsProtocols, String[] tlsCipherSuites,
		Duration connectTimeout, Duration readTimeout, Duration writeTimeout, String localHost, String envelopeFrom) {

	/** The {@code mail.<protocol>.*} properties understood. */
	static final Set<String> SUPPORTED = Set.of("connectiontimeout", "timeout", "writetimeout", "auth", "auth.mechanisms",
			"starttls.enable", "starttls.required", "ssl.enable", "ssl.trust", "ssl.checkserveridentity", "ssl.protocols",
			"ssl.ciphersuites", "ssl.socketFactory", "localhost", "from", "port", "host", "quitwait");

	private static final Set<String> IGNORED = Set.of("mail.transport.protocol", "mail.debug", "mail.mime.charset");

	static SmtpSettings of(JavaMailSenderImpl sender) {
		String protocol = (sender.getProtocol() == null) ? "smtp" : sender.getProtocol().toLowerCase(Locale.ROOT);
		if (!protocol.equals("smtp") && !protocol.equals("smtps")) {
			throw new ConfigurationException("spring.mail.protocol must be smtp or smtps but was '" + protocol + "'");
		}
		Properties properties = sender.getJavaMailProperties();
		checkKnown(properties);
		Reader read = new Reader(properties, protocol);
		String host = (sender.getHost() != null) ? sender.getHost() : read.text("host", null);
		if (host == null || host.isBlank()) {
			throw new ConfigurationException("digest.mail.transport=smtp needs spring.mail.host");
		}
		boolean implicitTls = protocol.equals("smtps") || read.flag("ssl.enable", false);
		int port = (sender.getPort() > 0) ? sender.getPort() : read.port(implicitTls ? 465 : 25);
		boolean authRequired = read.flag("auth", false);
		if (authRequired && (sender.getUsername() == null || sender.getPassword() == null)) {
			throw new ConfigurationException(read.key("auth") + "=true needs spring.mail.username and spring.mail.password");
		}
		String mechanisms = read.text("auth.mechanisms", "PLAIN LOGIN").toUpperCase(Locale.ROOT);
		List<String> authMechanisms = Arrays.stream(mechanisms.split("[\\s,]+")).filter((m) -> !m.isEmpty()).toList();
		for (String mechanism : authMechanisms) {
			if (!mechanism.equals("PLAIN") && !mechanism.equals("LOGIN")) {
				throw new ConfigurationException(read.key("auth.mechanisms") + " may name PLAIN and LOGIN, but named '"
						+ mechanism + "'");
			}
		}
		Object factory = read.object("ssl.socketFactory");
		if (factory != null && !(factory instanceof SSLSocketFactory)) {
			throw new ConfigurationException(read.key("ssl.socketFactory") + " must be an SSLSocketFactory (set it with "
					+ "spring.mail.ssl.bundle) but was " + factory.getClass().getName());
		}
		String trust = read.text("ssl.trust", "");
		return new SmtpSettings(host, port, sender.getUsername(), sender.getPassword(), implicitTls,
				read.flag("starttls.enable", false), read.flag("starttls.required", false), authRequired,
				authMechanisms, (SSLSocketFactory) factory,
				trust.isBlank() ? Set.of() : Set.of(trust.strip().split("\\s+")),
				read.flag("ssl.checkserveridentity", true), read.list("ssl.protocols"), read.list("ssl.ciphersuites"),
				read.millis("connectiontimeout"), read.millis("timeout"), read.millis("writetimeout"),
				ehloName(read.text("localhost", null)), read.text("from", null));
	}

	private static void checkKnown(Properties properties) {
		Set<String> unknown = new TreeSet<>();
		for (String key : properties.stringPropertyNames()) {
			String rest = key.startsWith("mail.smtp.") ? key.substring("mail.smtp.".length())
					: key.startsWith("mail.smtps.") ? key.substring("mail.smtps.".length()) : null;
			if ((rest == null || !SUPPORTED.contains(rest)) && !IGNORED.contains(key)) {
				unknown.add(key);
			}
		}
		if (!unknown.isEmpty()) {
			throw new ConfigurationException("spring.mail.properties." + String.join(", spring.mail.properties.", unknown)
					+ ((unknown.size() == 1) ? " is" : " are") + " not understood by the digest's SMTP client; it reads "
					+ "mail.smtp.{" + String.join(", ", new TreeSet<>(SUPPORTED)) + "}");
		}
	}

	/** The EHLO name: {@code mail.smtp.localhost}, else this machine's name, else {@code localhost}. */
	private static String ehloName(String localHost) {
		if (localHost != null && !localHost.isBlank()) {
			return localHost.strip();
		}
		try {
			String name = InetAddress.getLocalHost().getCanonicalHostName();
			return (name == null || name.isBlank() || name.contains(" ")) ? "localhost" : name;
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	boolean trusts(String host) {
		return this.trustedHosts.contains("*") || this.trustedHosts.contains(host);
	}

	boolean hasCredentials() {
		return this.username != null && !this.username.isEmpty() && this.password != null;
	}

	@Override
	public String toString() {
		return (this.implicitTls ? "smtps://" : "smtp://") + this.host + ":" + this.port;
	}

	/** Reads {@code mail.<protocol>.name}, falling back to {@code mail.smtp.name} for smtps. */
	private record Reader(Properties properties, String protocol) {

		String key(String name) {
			String own = "spring.mail.properties.mail." + this.protocol + "." + name;
			return (this.properties.containsKey("mail." + this.protocol + "." + name)) ? own
					: "spring.mail.properties.mail.smtp." + name;
		}

		Object object(String name) {
			Object value = this.properties.get("mail." + this.protocol + "." + name);
			return (value != null) ? value : this.properties.get("mail.smtp." + name);
		}

		String text(String name, String otherwise) {
			Object value = object(name);
			return (value == null) ? otherwise : value.toString();
		}

		boolean flag(String name, boolean otherwise) {
			String value = text(name, null);
			if (value == null) {
				return otherwise;
			}
			String normal = value.strip().toLowerCase(Locale.ROOT);
			if (!normal.equals("true") && !normal.equals("false")) {
				throw new ConfigurationException(key(name) + " must be true or false but was '" + value + "'");
			}
			return normal.equals("true");
		}

		Duration millis(String name) {
			String value = text(name, null);
			if (value == null) {
				return Duration.ZERO;
			}
			try {
				long millis = Long.parseLong(value.strip());
				if (millis < 0) {
					throw new NumberFormatException();
				}
				return Duration.ofMillis(millis);
			}
			catch (NumberFormatException ex) {
				throw new ConfigurationException(key(name) + " must be a number of milliseconds (0: no limit) but was '"
						+ value + "'");
			}
		}

		int port(int otherwise) {
			String value = text("port", null);
			try {
				int port = (value == null) ? otherwise : Integer.parseInt(value.strip());
				if (port < 1 || port > 65535) {
					throw new NumberFormatException();
				}
				return port;
			}
			catch (NumberFormatException ex) {
				throw new ConfigurationException(key("port") + " must be a port (1 to 65535) but was '" + value + "'");
			}
		}

		String[] list(String name) {
			String value = text(name, "").strip();
			return value.isEmpty() ? null : value.split("\\s+");
		}

	}

}
