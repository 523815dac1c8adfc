package com.aitoolverdicts.digest.delivery;

import java.time.Duration;

import com.aitoolverdicts.digest.DigestProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code digest.smtp.max-per-second}: a token bucket (Bucket4j) that every SMTP attempt takes a
 * token from, so that a send stays within a provider's quota instead of being throttled by it.
 */
@Component
public class SendRate {

	private final Bucket bucket;

	@Autowired
	SendRate(DigestProperties properties) {
		this(properties.getSmtp().getMaxPerSecond(), TimeMeter.SYSTEM_NANOTIME);
	}

	SendRate(int perSecond, TimeMeter time) {
		this.bucket = (perSecond <= 0) ? null
				: Bucket.builder()
					.addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
					.withCustomTimePrecision(time)
					.build();
	}

	/** Waits until the next message may go. */
	public void acquire() throws InterruptedException {
		if (this.bucket != null) {
			this.bucket.asBlocking().consume(1);
		}
	}

	/** Takes a token if one is there now; for tests. */
	boolean tryAcquire() {
		return this.bucket == null || this.bucket.tryConsume(1);
	}

}
