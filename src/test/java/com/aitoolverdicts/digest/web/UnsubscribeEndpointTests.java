package com.aitoolverdicts.digest.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.aitoolverdicts.digest.imports.SubscribersFile;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.SubscriberStatus;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import com.aitoolverdicts.digest.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-click unsubscribe endpoint over real HTTP: POST unsubscribes and answers 200 without a
 * redirect, a replay changes nothing, GET never unsubscribes, and a bad token gets a 400 that says
 * nothing about why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
class UnsubscribeEndpointTests {

	@TempDir
	static Path files;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + files.resolve("db").toAbsolutePath());
	}

	@LocalServerPort
	int port;

	@Autowired
	SubscriberRepository subscribers;

	@Autowired
	UnsubscribeTokens tokens;

	@Autowired
	JdbcClient jdbc;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	Subscriber reader;

	@BeforeEach
	void subscriber() {
		this.subscribers.upsertAll(SubscribersFile.read(Fixtures.subscribers(files, 2)), true, Instant.now());
		this.jdbc.sql("UPDATE subscriber SET status = 'active', unsubscribed_at = NULL WHERE email_key LIKE 'reader%'")
			.update();
		this.reader = this.subscribers.findByEmail("reader01@example.com").orElseThrow();
	}

	@Test
	void oneClickPostUnsubscribesWithoutARedirectAndAReplayChangesNothing() throws Exception {
		HttpResponse<String> first = post(this.tokens.tokenFor(this.reader), "List-Unsubscribe=One-Click");

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Location")).isEmpty();
		assertThat(first.body()).contains("You are unsubscribed");
		assertThat(status("reader01@example.com")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(status("reader02@example.com")).isEqualTo(SubscriberStatus.ACTIVE);
		String since = unsubscribedAt("reader01@example.com");

		HttpResponse<String> replay = post(this.tokens.tokenFor(this.reader), "List-Unsubscribe=One-Click");

		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(unsubscribedAt("reader01@example.com")).isEqualTo(since);
	}

	@Test
	void getShowsAConfirmationWhoseButtonPostsAndUnsubscribesNobody() throws Exception {
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(url(this.tokens.tokenFor(this.reader))).GET().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<form method=\"post\">", "<button type=\"submit\"");
		assertThat(status("reader01@example.com")).isEqualTo(SubscriberStatus.ACTIVE);
	}

	@Test
	void aTokenThatIsNotOursIsRefusedWithoutSayingWhy() throws Exception {
		String valid = this.tokens.tokenFor(this.reader);
		Subscriber other = this.subscribers.findByEmail("reader02@example.com").orElseThrow();
		String forged = other.id() + valid.substring(valid.indexOf('.'));
		List<String> bad = List.of("nonsense", valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A"), forged, "999999."
				+ valid.substring(valid.indexOf('.') + 1), "%3Cscript%3E");
		for (String token : bad) {
			HttpResponse<String> post = post(token, "List-Unsubscribe=One-Click");
			HttpResponse<String> get = this.http.send(HttpRequest.newBuilder(url(token)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(post.statusCode()).as(token).isEqualTo(400);
			assertThat(get.statusCode()).as(token).isEqualTo(400);
			assertThat(post.body()).as(token).contains("This link is not valid").doesNotContain("reader", "script");
		}
		assertThat(status("reader01@example.com")).isEqualTo(SubscriberStatus.ACTIVE);
		assertThat(status("reader02@example.com")).isEqualTo(SubscriberStatus.ACTIVE);
	}

	private HttpResponse<String> post(String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(url(token))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI url(String token) {
		return URI.create("http://127.0.0.1:" + this.port + "/unsubscribe/" + token);
	}

	private SubscriberStatus status(String email) {
		return this.subscribers.findByEmail(email).orElseThrow().status();
	}

	private String unsubscribedAt(String email) {
		return this.jdbc.sql("SELECT CAST(unsubscribed_at AS VARCHAR(64)) FROM subscriber WHERE email_key = :key")
			.param("key", email)
			.query(String.class)
			.single();
	}

}
