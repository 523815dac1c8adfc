package com.aitoolverdicts.digest.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU the whole machine used, and the part of it the bench's neighbours used: PostgreSQL's
 * processes and smtp-sink, read from Linux's /proc. The bench's JVM is only one of the processes
 * that share the cores during a send; the ceiling's run has only smtp-source and smtp-sink. On a
 * virtual machine, also the share the hypervisor gave to other guests (steal).
 */
record MachineCpu(long busyTicks, long stolenTicks, long allTicks, Map<String, Long> processTicks) {

	/** The processes counted, by the start of their command name. */
	static final List<String> NEIGHBOURS = List.of("postgres", "smtp-sink");

	/** Linux reports CPU time in /proc in units of USER_HZ, 100 a second on every architecture it runs on. */
	private static final double TICKS_A_SECOND = 100;

	/** Now, or {@code null} where there is no /proc to read. */
	static MachineCpu now() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long all = 0;
			for (int i = 1; i < cpu.length && i <= 8; i++) {
				all += Long.parseLong(cpu[i]);
			}
			// user nice system idle iowait irq softirq steal: idle and iowait are the idle ones; steal is
			// time the hypervisor gave this machine's cores to another guest.
			long busy = all - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
			long stolen = (cpu.length > 8) ? Long.parseLong(cpu[8]) : 0;
			return new MachineCpu(busy, stolen, all, processes());
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Ticks each neighbour process has used since it started, keyed by its pid and start time. */
	private static Map<String, Long> processes() throws IOException {
		Map<String, Long> ticks = new HashMap<>();
		try (DirectoryStream<Path> pids = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path pid : pids) {
				String stat;
				try {
					stat = Files.readString(pid.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // Ended since the listing.
				}
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				String neighbour = NEIGHBOURS.stream().filter(name::startsWith).findFirst().orElse(null);
				if (neighbour == null) {
					continue;
				}
				// After "pid (comm) ": state is field 0 here, utime 11, stime 12, starttime 19.
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks.put(neighbour + "/" + pid.getFileName() + "/" + fields[19],
						Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
			}
		}
		return ticks;
	}

	/** The share of all cores busy between {@code before} and now. */
	double busyShare(MachineCpu before) {
		long all = this.allTicks - before.allTicks;
		return (all > 0) ? (double) (this.busyTicks - before.busyTicks) / all : 0;
	}

	/**
	 * The share of all cores' time between {@code before} and now that the hypervisor gave to
	 * another guest (steal): counted as busy, and a reason two runs of the same thing differ.
	 */
	double stolenShare(MachineCpu before) {
		long all = this.allTicks - before.allTicks;
		return (all > 0) ? (double) (this.stolenTicks - before.stolenTicks) / all : 0;
	}

	/**
	 * Core-seconds each neighbour used between {@code before} and now; a process that started in
	 * between counts from its start, one that ended in between is not seen.
	 */
	Map<String, Double> neighbourSeconds(MachineCpu before) {
		Map<String, Double> seconds = new HashMap<>();
		NEIGHBOURS.forEach((neighbour) -> seconds.put(neighbour, 0.0));
		this.processTicks.forEach((key, ticks) -> {
			String neighbour = key.substring(0, key.indexOf('/'));
			long used = ticks - before.processTicks.getOrDefault(key, 0L);
			seconds.merge(neighbour, used / TICKS_A_SECOND, Double::sum);
		});
		return seconds;
	}

}
