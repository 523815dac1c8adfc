package com.aitoolverdicts.digest.job;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.aitoolverdicts.digest.DigestProperties;
import com.aitoolverdicts.digest.issue.IsoWeek;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;


/**
 * The right to send a week, held by one process at a time across every machine that shares the
 * database (table {@code send_lease}). It is what makes "exactly one send of a week at a time"
 * true, and what tells a crashed run (safe to recover) from a live one (leave it alone).
 */
@Component
public class SendLease {

	private static final Logger logger = LoggerFactory.getLogger(SendLease.class);

	/** This host, and this PID namespace: a PID means the same process only within one namespace. */
	private static final String HOST = hostName() + pidNamespace();

	private static final long PID = ProcessHandle.current().pid();

	private final JdbcClient jdbc;

	private final Duration timeout;

	private volatile Held current;

	SendLease(JdbcClient jdbc, DigestProperties properties) {
		if (properties.getLeaseTimeout().compareTo(Duration.ofSeconds(5)) < 0) {
			throw new IllegalArgumentException("digest.lease-timeout must be at least 5s but was "
					+ properties.getLeaseTimeout());
		}
		this.jdbc = jdbc;
		this.timeout = properties.getLeaseTimeout();
	}

	/** Takes the week if nobody alive holds it; empty, with the holder named, when someone does. */
	public Result acquire(IsoWeek week) {
		String owner = HOST + " pid " + PID + " " + UUID.randomUUID().toString().substring(0, 8);
		long asking = System.nanoTime();
		try {
			this.jdbc.sql("""
					INSERT INTO send_lease (week, owner, acquired_at, heartbeat_at)
					VALUES (:week, :owner, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
					""").param("week", week.toString()).param("owner", owner).update();
			return Result.held(hold(week, owner, asking));
		}
		catch (DuplicateKeyException ex) {
			return takeOverIfAbandoned(week, owner);
		}
	}

	/**
	 * Takes the week from a holder that is gone. Heartbeats are written and judged with the
	 * database's clock, so skew between machines cannot make a live holder look silent.
	 */
	private Result takeOverIfAbandoned(IsoWeek week, String owner) {
		Optional<Holder> holder = this.jdbc.sql("SELECT owner, heartbeat_at FROM send_lease WHERE week = :week")
			.param("week", week.toString())
			.query((rs, row) -> new Holder(rs.getString("owner"),
					rs.getObject("heartbeat_at", OffsetDateTime.class).toInstant()))
			.optional();
		if (holder.isEmpty()) {
			return acquire(week);
		}
		long asking = System.nanoTime();
		if (!holder.get().isGone(databaseNow(), this.timeout)) {
			return Result.busy(holder.get().owner() + ", last seen " + holder.get().heartbeat());
		}
		int taken = this.jdbc.sql("""
				UPDATE send_lease SET owner = :owner, acquired_at = CURRENT_TIMESTAMP, heartbeat_at = CURRENT_TIMESTAMP
				WHERE week = :week AND owner = :previous
				""")
			.param("owner", owner)
			.param("week", week.toString())
			.param("previous", holder.get().owner())
			.update();
		if (taken == 0) {
			return Result.busy("another run took it over just now");
		}
		logger.info("Took over {} from {}, which is gone", week, holder.get().owner());
		return Result.held(hold(week, owner, asking));
	}

	private Instant databaseNow() {
		return this.jdbc.sql("SELECT CURRENT_TIMESTAMP").query((rs, row) -> rs.getObject(1, OffsetDateTime.class))
			.single()
			.toInstant();
	}

	private Held hold(IsoWeek week, String owner, long confirmedAt) {
		Held held = new Held(week, owner, confirmedAt);
		this.current = held;
		return held;
	}

	/**
	 * Throws when this process no longer holds the week it is sending (it was silent longer than
	 * the timeout, for example paused, and another run took over): sending on would race the
	 * other run. Called before every message, and costs no query while the heartbeat is recent:
	 * another run can take the week only once the database has seen no heartbeat for the whole
	 * timeout, and each heartbeat is judged from the moment this process started writing it.
	 * After a longer silence (a pause, a slow database) it writes a heartbeat itself before the
	 * message goes, and stops if the lease is no longer its own: at most the messages in flight race.
	 */
	public void checkHeld() {
		Held held = this.current;
		if (held == null) {
			return;
		}
		if (!held.isHeld()) {
			throw lost(held);
		}
		if (held.confirmedWithin(this.timeout.dividedBy(2))) {
			return;
		}
		// A heartbeat of its own, not a read: only a write moves heartbeat_at, from which another run
		// counts the silence that lets it take over.
		long asking = System.nanoTime();
		int rows = this.jdbc.sql("UPDATE send_lease SET heartbeat_at = CURRENT_TIMESTAMP WHERE week = :week AND owner = :owner")
			.param("week", held.week.toString())
			.param("owner", held.owner)
			.update();
		if (rows == 0) {
			throw lost(held);
		}
		held.confirmed(asking);
	}

	private static IllegalStateException lost(Held held) {
		return new IllegalStateException("Lost the lease on " + held.week + " to another run; stopping this one");
	}

	private static String pidNamespace() {
		try {
			return "/" + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return "";
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return ManagementFactory.getRuntimeMXBean().getName();
		}
	}

	/** What acquire found: the lease, or who holds it. */
	public record Result(Held held, String holder) {

		static Result held(Held held) {
			return new Result(held, null);
		}

		static Result busy(String holder) {
			return new Result(null, holder);
		}

	}

	private record Holder(String owner, Instant heartbeat) {

		/** Gone when silent for longer than the timeout, or a process of this host that has exited. */
		boolean isGone(Instant now, Duration timeout) {
			if (heartbeat.plus(timeout).isBefore(now)) {
				return true;
			}
			String[] parts = this.owner.split(" pid ");
			if (parts.length == 2 && parts[0].equals(HOST) && HOST.contains("/pid:")) {
				long pid = Long.parseLong(parts[1].split(" ")[0]);
				return pid != PID && ProcessHandle.of(pid).map((process) -> !process.isAlive()).orElse(true);
			}
			return false;
		}

	}

	/** A held lease: refreshed in the background until released. */
	public final class Held implements AutoCloseable {

		private final IsoWeek week;

		private final String owner;

		private final AtomicBoolean lost = new AtomicBoolean();

		/** System.nanoTime() when the last write or read that found the lease ours was started. */
		private final AtomicLong confirmedAt;

		private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "send-lease-heartbeat");
			thread.setDaemon(true);
			return thread;
		});

		Held(IsoWeek week, String owner, long confirmedAt) {
			this.week = week;
			this.owner = owner;
			this.confirmedAt = new AtomicLong(confirmedAt);
			long period = Math.max(200, SendLease.this.timeout.toMillis() / 4);
			this.heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
		}

		private void beat() {
			long beating = System.nanoTime();
			try {
				int updated = SendLease.this.jdbc
					.sql("UPDATE send_lease SET heartbeat_at = CURRENT_TIMESTAMP WHERE week = :week AND owner = :owner")
					.param("week", this.week.toString())
					.param("owner", this.owner)
					.update();
				if (updated == 0 && this.lost.compareAndSet(false, true)) {
					logger.warn("Lost the lease on {}: another run took it over", this.week);
				}
				if (updated == 1) {
					confirmed(beating);
				}
			}
			catch (RuntimeException | Error ex) {
				// Keep beating: a scheduled task that throws is never run again.
				logger.warn("Could not refresh the lease on {}: {}", this.week, ex.getMessage());
			}
		}

		void confirmed(long startedAt) {
			this.confirmedAt.accumulateAndGet(startedAt, (current, fresh) -> (fresh - current > 0) ? fresh : current);
		}

		boolean confirmedWithin(Duration age) {
			return System.nanoTime() - this.confirmedAt.get() < age.toNanos();
		}

		/** False once another run took the week over (this one was silent too long): stop sending. */
		public boolean isHeld() {
			return !this.lost.get();
		}

		@Override
		public void close() {
			this.heartbeat.shutdownNow();
			if (SendLease.this.current == this) {
				SendLease.this.current = null;
			}
			try {
				SendLease.this.jdbc.sql("DELETE FROM send_lease WHERE week = :week AND owner = :owner")
					.param("week", this.week.toString())
					.param("owner", this.owner)
					.update();
			}
			catch (DataAccessException ex) {
				// The run's outcome stands; the row expires after digest.lease-timeout.
				logger.warn("Could not release the lease on {}: {}", this.week, ex.getMostSpecificCause().getMessage());
			}
		}

	}

}
