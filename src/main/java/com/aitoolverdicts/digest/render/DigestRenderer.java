package com.aitoolverdicts.digest.render;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.Audience;
import com.aitoolverdicts.digest.issue.Issue;
import com.aitoolverdicts.digest.render.DigestViews.Personal;
import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.UnsubscribeTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Renders subscribers' digests with the templates of {@code digest.templates-dir}, compiled on
 * first use. Readers of the same {@link Audience} share one rendering: the templates run once per
 * audience, and each reader's digest is that rendering with their own parts filled in. Each
 * audience's shared rendering is first proven on a probe reader whose parts hold every printable
 * ASCII character and a few awkward Unicode ones: if filling it differs from rendering it from
 * scratch (a template that leaves a reader's part unescaped, say), every reader of that audience
 * is rendered from scratch instead, rather than sent something different.
 */
@Component
public class DigestRenderer {

	private static final Logger logger = LoggerFactory.getLogger(DigestRenderer.class);

	/** Audiences kept rendered; a week has one per distinct set of followed categories with news. */
	private static final int AUDIENCES_KEPT = 512;

	/** The probe reader: every printable ASCII character, a no-break space, a line separator, a bidi override. */
	private static final Personal PROBE;

	static {
		StringBuilder every = new StringBuilder();
		for (char c = ' '; c <= '~'; c++) {
			every.append(c);
		}
		every.append("\u00A0\u2028\u202E\t\n");
		PROBE = new Personal("Hi " + every + ",", "Reason " + every, "probe" + every + "@example.com",
				"https://example.com/unsubscribe/" + every, "mailto:unsubscribe@example.com?subject=" + every);
	}

	private final DigestProperties properties;

	private volatile Templates templates;

	private final Map<AudienceKey, Optional<PreparedDigest>> prepared = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<AudienceKey, Optional<PreparedDigest>> eldest) {
			return size() > AUDIENCES_KEPT;
		}
	};

	/** Each issue's audiences by the categories their readers follow: worked out once, not once per reader. */
	private final Map<ReadersKey, Audience> audiences = new ConcurrentHashMap<>();

	private final UnsubscribeTokens tokens;

	DigestRenderer(DigestProperties properties, UnsubscribeTokens tokens) {
		this.properties = properties;
		this.tokens = tokens;
	}

	/** What {@code subscriber} gets of {@code issue}; {@link Audience#isEmpty() empty} when nothing they follow is new. */
	public Audience audience(Issue issue, Subscriber subscriber) {
		ReadersKey key = new ReadersKey(issue.id(), issue.composedAt(), subscriber.categories());
		Audience audience = this.audiences.get(key);
		if (audience == null) {
			if (this.audiences.size() >= AUDIENCES_KEPT) {
				// Readers who follow that many different sets of categories: start over, not grow.
				this.audiences.clear();
			}
			audience = Audience.of(issue, subscriber.categories(), this.properties.getPairsPerDigest());
			this.audiences.put(key, audience);
		}
		return audience;
	}

	/** The digest of {@code subscriber}, from their audience's shared rendering. */
	public RenderedDigest render(Issue issue, Subscriber subscriber) {
		return render(issue, subscriber, requireNews(issue, subscriber));
	}

	/** The digest of {@code subscriber}, whose {@link #audience} the caller worked out already (and found news in). */
	public RenderedDigest render(Issue issue, Subscriber subscriber, Audience audience) {
		Templates compiled = templates();
		Personal personal = personal(subscriber);
		AudienceKey key = new AudienceKey(issue.id(), issue.composedAt(), audience.key());
		Optional<PreparedDigest> shared;
		synchronized (this.prepared) {
			shared = this.prepared.get(key);
		}
		if (shared == null) {
			shared = prepare(compiled, issue, audience);
			synchronized (this.prepared) {
				this.prepared.put(key, shared);
			}
		}
		if (shared.isEmpty()) {
			return renderFromScratch(issue, subscriber);
		}
		return fill(compiled, shared.get(), personal);
	}

	private static RenderedDigest fill(Templates compiled, PreparedDigest prepared, Personal personal) {
		String[] plain = PreparedDigest.values(personal);
		String[] escaped = new String[plain.length];
		for (int i = 0; i < plain.length; i++) {
			escaped[i] = compiled.escapeHtml(plain[i]);
		}
		return prepared.fill(escaped, plain);
	}

	/** The reader's own parts, their token signed once for both links. */
	private Personal personal(Subscriber subscriber) {
		String token = this.tokens.tokenFor(subscriber);
		return DigestViews.personal(subscriber, this.tokens.urlOf(token), this.tokens.mailtoOf(token));
	}

	/**
	 * The digest of {@code subscriber}, running the templates for them alone, their audience worked
	 * out anew: what the shared rendering is checked against.
	 */
	public RenderedDigest renderFromScratch(Issue issue, Subscriber subscriber) {
		Audience audience = requireNews(issue, subscriber,
				Audience.of(issue, subscriber.categories(), this.properties.getPairsPerDigest()));
		Templates compiled = templates();
		DigestView view = DigestViews.of(issue, audience,
				personal(subscriber),
				this.properties.getSiteBaseUrl());
		return new RenderedDigest(compiled.subject(view), compiled.html(view), compiled.text(view));
	}

	/** Whether the digest's encoded parts decode to its HTML and text. */
	private static boolean encodes(RenderedDigest digest) {
		return QuotedPrintable.decode(digest.htmlQuotedPrintable()).equals(digest.html().replace("\r\n", "\n"))
				&& QuotedPrintable.decode(digest.textQuotedPrintable()).equals(digest.text().replace("\r\n", "\n"));
	}

	/** The audience's shared rendering, proven on the probe reader; empty when it cannot be shared. */
	private Optional<PreparedDigest> prepare(Templates compiled, Issue issue, Audience audience) {
		String site = this.properties.getSiteBaseUrl();
		DigestView view = DigestViews.of(issue, audience, PreparedDigest.placeholders(), site);
		PreparedDigest prepared = PreparedDigest.split(compiled.rawSubject(view), compiled.html(view),
				compiled.rawText(view));
		if (prepared == null) {
			return Optional.empty();
		}
		DigestView probe = DigestViews.of(issue, audience, PROBE, site);
		RenderedDigest scratch = new RenderedDigest(compiled.subject(probe), compiled.html(probe), compiled.text(probe));
		RenderedDigest filled = fill(compiled, prepared, PROBE);
		if (!filled.equals(scratch) || !encodes(filled)) {
			logger.warn("The templates treat a reader's own part in a way a shared rendering cannot reproduce; "
					+ "rendering each reader from scratch instead (slower, same result)");
			return Optional.empty();
		}
		return Optional.of(prepared);
	}

	private Audience requireNews(Issue issue, Subscriber subscriber) {
		return requireNews(issue, subscriber, audience(issue, subscriber));
	}

	private static Audience requireNews(Issue issue, Subscriber subscriber, Audience audience) {
		if (audience.isEmpty()) {
			throw new IllegalArgumentException(subscriber.email() + " has " + Audience.NOTHING_NEW.replace("your", "their")
					+ " in " + issue.week());
		}
		return audience;
	}

	/** How many audiences have a shared rendering kept (those that fell back to rendering from scratch excluded). */
	int sharedAudiences() {
		synchronized (this.prepared) {
			return (int) this.prepared.values().stream().filter(Optional::isPresent).count();
		}
	}

	/** An issue (as composed) and the categories some readers follow. */
	private record ReadersKey(long issueId, Instant composedAt, List<String> categories) {
	}

	/** An issue (as composed) and one of its audiences ({@link Audience#key()}). */
	private record AudienceKey(long issueId, Instant composedAt, String audience) {
	}

	/** Compiles the templates now, so that a broken template stops a send before anything is sent. */
	public Templates templates() {
		Templates compiled = this.templates;
		if (compiled == null) {
			compiled = Templates.load(this.properties.getTemplatesDir());
			this.templates = compiled;
		}
		return compiled;
	}

}
