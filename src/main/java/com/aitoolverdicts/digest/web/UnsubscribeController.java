package com.aitoolverdicts.digest.web;

import java.time.Clock;
import java.util.Optional;

import com.aitoolverdicts.digest.subscriber.SubscriberRepository;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The links of List-Unsubscribe and of the digest's footer. {@code POST} unsubscribes at once (RFC
 * 8058 one-click, or the confirmation page's button) and answers 200 without a redirect; a repeat
 * changes nothing. {@code GET} only shows the confirmation page: mail scanners fetch links, and a
 * fetch must not unsubscribe anyone. A token that is not ours gets a 400 page that says nothing more.
 */
@RestController
class UnsubscribeController {

	private static final Logger logger = LoggerFactory.getLogger(UnsubscribeController.class);

	private final UnsubscribeTokens tokens;

	private final SubscriberRepository subscribers;

	private final Clock clock;

	UnsubscribeController(UnsubscribeTokens tokens, SubscriberRepository subscribers, Clock clock) {
		this.tokens = tokens;
		this.subscribers = subscribers;
		this.clock = clock;
	}

	@GetMapping("/unsubscribe/{token}")
	ResponseEntity<String> confirm(@PathVariable String token) {
		if (this.tokens.verify(token).isEmpty()) {
			return invalid();
		}
		return page(HttpStatus.OK, "Unsubscribe from Weekly AI Tool Verdicts?",
				"<p>Press the button to stop receiving the weekly digest at this address.</p>"
						+ "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
						+ "<button type=\"submit\" style=\"padding:10px 16px;font-size:16px;\">Unsubscribe</button></form>");
	}

	@PostMapping("/unsubscribe/{token}")
	ResponseEntity<String> unsubscribe(@PathVariable String token) {
		Optional<Long> subscriber = this.tokens.verify(token);
		if (subscriber.isEmpty()) {
			return invalid();
		}
		if (this.subscribers.unsubscribe(subscriber.get(), this.clock.instant())) {
			logger.info("Subscriber #{} unsubscribed", subscriber.get());
		}
		return page(HttpStatus.OK, "You are unsubscribed",
				"<p>This address will not receive Weekly AI Tool Verdicts any more, starting with the next message.</p>");
	}

	private static ResponseEntity<String> invalid() {
		return page(HttpStatus.BAD_REQUEST, "This link is not valid",
				"<p>Copy the whole unsubscribe link from the email, or reply to the email to be removed.</p>");
	}

	private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
		String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
				+ "<title>" + title + "</title></head><body style=\"font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
				+ "max-width:560px;margin:48px auto;padding:0 16px;color:#202124;\"><h1 style=\"font-size:22px;\">" + title
				+ "</h1>" + body + "</body></html>";
		return ResponseEntity.status(status)
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.header("Cache-Control", "no-store")
			.body(html);
	}

}
