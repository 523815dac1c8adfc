package com.aitoolverdicts.digest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MachineCpuTests {

	@Test
	void aNeighbourCountsWhatItUsedSinceTheFirstReadingAndANewOneCountsFromItsStart() {
		MachineCpu before = new MachineCpu(100, 10, 400, Map.of("postgres/10/5", 1_000L, "smtp-sink/20/7", 50L));
		MachineCpu after = new MachineCpu(400, 50, 800,
				Map.of("postgres/10/5", 1_250L, "postgres/11/900", 30L, "smtp-sink/20/7", 150L));

		assertThat(after.busyShare(before)).isCloseTo(0.75, within(1e-9));
		assertThat(after.stolenShare(before)).isCloseTo(0.1, within(1e-9));
		Map<String, Double> seconds = after.neighbourSeconds(before);
		assertThat(seconds).containsOnlyKeys("postgres", "smtp-sink");
		assertThat(seconds.get("postgres")).isCloseTo(2.8, within(1e-9));
		assertThat(seconds.get("smtp-sink")).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void aPidUsedAgainByAnotherProcessIsNotSubtractedFromIt() {
		MachineCpu before = new MachineCpu(0, 0, 100, Map.of("postgres/10/5", 1_000L));
		MachineCpu after = new MachineCpu(50, 0, 200, Map.of("postgres/10/77", 40L));

		assertThat(after.neighbourSeconds(before).get("postgres")).isCloseTo(0.4, within(1e-9));
	}

	@Test
	void readsThisMachine() {
		assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux's /proc");
		MachineCpu first = MachineCpu.now();
		long spin = System.nanoTime() + 50_000_000;
		while (System.nanoTime() < spin) {
			Thread.onSpinWait();
		}
		MachineCpu second = MachineCpu.now();

		assertThat(first).isNotNull();
		assertThat(second.allTicks()).isGreaterThan(first.allTicks());
		assertThat(second.busyShare(first)).isBetween(0.0, 1.0);
		assertThat(second.stolenShare(first)).isBetween(0.0, second.busyShare(first));
		assertThat(second.neighbourSeconds(first)).containsOnlyKeys(MachineCpu.NEIGHBOURS);
	}

}
