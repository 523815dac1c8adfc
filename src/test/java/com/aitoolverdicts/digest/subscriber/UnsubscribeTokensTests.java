package com.aitoolverdicts.digest.subscriber;

import java.util.List;

import com.aitoolverdicts.digest.ConfigurationException;
import com.aitoolverdicts.digest.DigestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class UnsubscribeTokensTests {

	static final Subscriber ADA = new Subscriber(42, "Ada@Example.com", "Ada", SubscriberStatus.ACTIVE, List.of());

	@Test
	void aTokenIsTheIdAndAnHmacThatOnlyTheSecretMakes() {
		String token = tokens("first-secret-0123456789").tokenFor(ADA);

		assertThat(token).matches("42\\.[A-Za-z0-9_-]{43}");
		assertThat(tokens("other-secret-0123456789").tokenFor(ADA)).isNotEqualTo(token);
		// The address's case does not matter, the id does: a token is not guessable from an address.
		assertThat(tokens("first-secret-0123456789").tokenFor(new Subscriber(42, "ada@example.com", null,
				SubscriberStatus.ACTIVE, List.of()))).isEqualTo(token);
		assertThat(tokens("first-secret-0123456789").tokenFor(new Subscriber(43, "Ada@Example.com", null,
				SubscriberStatus.ACTIVE, List.of()))).doesNotEndWith(token.substring(3));
		// The address is signed too: after it changes, links mailed to the old one no longer work.
		assertThat(tokens("first-secret-0123456789").tokenFor(new Subscriber(42, "ada@new.example.com", null,
				SubscriberStatus.ACTIVE, List.of()))).isNotEqualTo(token);
	}

	@Test
	void linksUseTheBaseUrlAndTheMailbox() {
		DigestProperties properties = properties("first-secret-0123456789");
		properties.getUnsubscribe().setBaseUrl("https://digest.example.org/");
		UnsubscribeTokens tokens = new UnsubscribeTokens(properties, new MockEnvironment(), null);

		assertThat(tokens.urlOf(tokens.tokenFor(ADA))).isEqualTo("https://digest.example.org/unsubscribe/" + tokens.tokenFor(ADA));
		assertThat(tokens.mailtoOf(tokens.tokenFor(ADA)))
			.isEqualTo("mailto:unsubscribe@aitoolverdicts.example.com?subject=unsubscribe%20" + tokens.tokenFor(ADA));
	}

	@Test
	void outsideTheDemoAMissingOrShortSecretStopsTheStart() {
		assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> tokens(""))
			.withMessageContaining("digest.unsubscribe.secret is not set");
		assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> tokens("short"))
			.withMessageContaining("too short");
	}

	static UnsubscribeTokens tokens(String secret) {
		return new UnsubscribeTokens(properties(secret), new MockEnvironment(), null);
	}

	static DigestProperties properties(String secret) {
		DigestProperties properties = new DigestProperties();
		properties.getUnsubscribe().setSecret(secret);
		return properties;
	}

}
