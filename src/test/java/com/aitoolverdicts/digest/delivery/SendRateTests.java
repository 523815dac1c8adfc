package com.aitoolverdicts.digest.delivery;

import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** digest.smtp.max-per-second on a clock the test moves: a second's worth at once, then the rate. */
class SendRateTests {

	@Test
	void fourteenASecondAsAmazonSesAllows() {
		AtomicLong now = new AtomicLong();
		SendRate rate = new SendRate(14, clock(now));

		assertThat(taken(rate, 100)).isEqualTo(14);
		now.addAndGet(1_000_000_000L / 14 + 1);
		assertThat(taken(rate, 100)).isOne();
		now.addAndGet(10_000_000_000L);
		assertThat(taken(rate, 100)).as("never more than a second's worth saved up").isEqualTo(14);
	}

	@Test
	void zeroMeansNoLimit() {
		SendRate rate = new SendRate(0, clock(new AtomicLong()));

		assertThat(taken(rate, 10_000)).isEqualTo(10_000);
	}

	private static int taken(SendRate rate, int tries) {
		int taken = 0;
		for (int i = 0; i < tries; i++) {
			taken += rate.tryAcquire() ? 1 : 0;
		}
		return taken;
	}

	private static TimeMeter clock(AtomicLong nanos) {
		return new TimeMeter() {
			@Override
			public long currentTimeNanos() {
				return nanos.get();
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}
		};
	}

}
