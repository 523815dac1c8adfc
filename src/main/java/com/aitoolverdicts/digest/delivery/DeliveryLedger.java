package com.aitoolverdicts.digest.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.aitoolverdicts.digest.Durability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static com.aitoolverdicts.digest.catalog.CatalogRepository.utc;

/**
 * The record of who got which issue. Each outcome is committed by itself, outside the chunk's
 * transaction, so it survives a rollback of the chunk around it: SMTP cannot be rolled back, and a
 * rolled-back "delivered" would mean a duplicate on the retry or restart. The send writes a
 * delivered row while the same connection's next message goes, and holds that message's end of
 * data until the row is in.
 */
@Repository
public class DeliveryLedger {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryLedger.class);

	private static final int WRITE_ATTEMPTS = 4;

	private static final Duration WRITE_BACKOFF = Duration.ofMillis(250);

	private final JdbcClient jdbc;

	/** Runs a statement outside the caller's transaction, committed by itself (auto-commit). */
	private final TransactionTemplate ownStatement;

	/** Runs statements in a transaction of their own, outside the caller's. */
	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private static final Duration H2_ROUND_GATHERING = Duration.ofMillis(2);

	private static final Duration POSTGRES_ROUND_GATHERING = Duration.ofMillis(1);

	private final Durability durability;

	DeliveryLedger(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock, Durability durability) {
		this.durability = durability;
		this.jdbc = jdbc;
		this.ownStatement = new TransactionTemplate(transactionManager);
		this.ownStatement.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * The recorded outcome for each of {@code subscriberIds} that has one. Delivered and bounced
	 * subscribers must not be mailed again; deferred and failed ones are tried again.
	 */
	public Map<Long, String> statesAmong(long issueId, Collection<Long> subscriberIds) {
		Map<Long, String> states = new HashMap<>();
		if (subscriberIds.isEmpty()) {
			return states;
		}
		// A range of the unique index (issue_id, subscriber_id), not an IN list: PostgreSQL's generic
		// plan for the list, made while the table was small, scanned the issue's rows by state for
		// every chunk, and a 200,000-subscriber send slowed from 330 to 100 messages a second.
		Set<Long> wanted = new HashSet<>(subscriberIds);
		long first = subscriberIds.stream().mapToLong(Long::longValue).min().getAsLong();
		long last = subscriberIds.stream().mapToLong(Long::longValue).max().getAsLong();
		this.jdbc.sql("""
				SELECT subscriber_id, state FROM delivery
				WHERE issue_id = :issue AND subscriber_id BETWEEN :first AND :last
				""")
			.param("issue", issueId)
			.param("first", first)
			.param("last", last)
			.query((rs) -> {
				long subscriber = rs.getLong("subscriber_id");
				if (wanted.contains(subscriber)) {
					states.put(subscriber, rs.getString("state"));
				}
			});
		return states;
	}

	/**
	 * Whether {@code state} ends the issue for a subscriber: delivered, bounced, or skipped because
	 * nothing they follow is new. Deferred and failed ones are tried again; {@code null} means not yet tried.
	 */
	public static boolean isFinal(String state) {
		return "delivered".equals(state) || "bounced".equals(state) || "skipped".equals(state);
	}

	/** Nothing the subscriber follows is new: no digest, and the reason why. */
	public void recordSkipped(long issueId, long subscriberId, String reason) {
		record(issueId, subscriberId, "skipped", null, reason);
	}

	/** A re-send an operator asked for (send --to): delivered again, and said so in the reply. */
	public void recordResent(long issueId, long subscriberId, String messageId, String reply) {
		record(issueId, subscriberId, "delivered", messageId, "re-sent on request: " + reply);
	}

	/** A temporary refusal outlasted the retries: not lost, tried again by rerun. */
	public void recordDeferred(long issueId, long subscriberId, String messageId, String reply) {
		record(issueId, subscriberId, "deferred", messageId, reply);
	}

	/** The server refused the recipient for good. */
	public void recordBounced(long issueId, long subscriberId, String messageId, String reply) {
		record(issueId, subscriberId, "bounced", messageId, reply);
	}

	/** Active subscribers the issue has not finished with (see {@link #isFinal}), and how many of them are deferred. */
	public Unfinished unfinishedActive(long issueId) {
		return this.jdbc.sql("""
				SELECT COUNT(*) AS total, COUNT(d.state) AS recorded,
				  SUM(CASE WHEN d.state = 'deferred' THEN 1 ELSE 0 END) AS deferred
				FROM subscriber s LEFT JOIN delivery d ON d.subscriber_id = s.id AND d.issue_id = :issue
				WHERE s.status = 'active' AND (d.state IS NULL OR d.state NOT IN ('delivered', 'bounced', 'skipped'))
				""")
			.param("issue", issueId)
			.query((rs, row) -> new Unfinished(rs.getInt("total"), rs.getInt("deferred")))
			.single();
	}

	/** The subscribers whose address was refused for good in this issue. */
	public List<Long> bouncedIn(long issueId) {
		return this.jdbc.sql("SELECT subscriber_id FROM delivery WHERE issue_id = :issue AND state = 'bounced'")
			.param("issue", issueId)
			.query(Long.class)
			.list();
	}

	/**
	 * When a send stops because too many addresses bounced, the fault is the server's or the
	 * message's: this issue's bounces become failures again, to be retried by the rerun.
	 */
	public void reopenBounces(long issueId) {
		this.ownStatement.executeWithoutResult((status) -> this.jdbc
			.sql("UPDATE delivery SET state = 'failed' WHERE issue_id = :issue AND state = 'bounced'")
			.param("issue", issueId)
			.update());
	}

	/** How many issues this subscriber's address was refused for, this one included. */
	public int bouncesOf(long subscriberId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM delivery WHERE subscriber_id = :id AND state = 'bounced'")
			.param("id", subscriberId)
			.query(Integer.class)
			.single();
	}

	/**
	 * How long a round of rows may wait for more before it is written, as long as nobody waits for
	 * its rows yet (see the job's {@code Rounds}). On H2, 2 ms: each commit writes a new chunk of
	 * the database file, whose cost hardly depends on the rows in it. H2 200,000 with 2 unrecorded
	 * per connection: rounds of 4.3 rows instead of 2.0-2.1, the JVM's CPU 65 and 75 core-seconds
	 * against 84 and 92, 3,680 and 3,231 msg/s against 3,097 and 2,883. On PostgreSQL, 1 ms when
	 * each row has the time of two messages or more before anyone waits for it
	 * ({@code unrecordedPerConnection} 3 or more): PostgreSQL 200,000 with 4, rounds of 8.5 rows
	 * instead of 2.2-2.9, PostgreSQL's CPU 12-13 core-seconds instead of 23-25, 4,100 and 3,840 msg/s
	 * against 3,130 and 3,160. With 1 or 2, none: there a round that waited made the connections
	 * wait longer (3,044 and 3,289 msg/s against 3,649, with 2).
	 */
	public Duration roundGathering(int unrecordedPerConnection) {
		if (this.durability.isH2()) {
			return H2_ROUND_GATHERING;
		}
		return (unrecordedPerConnection >= 3) ? POSTGRES_ROUND_GATHERING : Duration.ZERO;
	}

	public void recordDelivered(long issueId, long subscriberId, String messageId, String reply) {
		record(issueId, subscriberId, "delivered", messageId, reply);
	}

	/**
	 * Records several deliveries in one transaction, made durable once: on PostgreSQL one
	 * multi-row {@code INSERT ... ON CONFLICT}, on H2 one MERGE per row and one commit and
	 * CHECKPOINT for all. When that fails, each row is written by itself with the usual retries,
	 * so that one bad row costs only its own subscriber. Returns the rows that could not be
	 * written, with why.
	 */
	public Map<Delivered, LedgerWriteException> recordDelivered(long issueId, List<Delivered> rows) {
		if (rows.isEmpty()) {
			return Map.of();
		}
		try {
			writeDelivered(issueId, rows);
			return Map.of();
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not write {} delivery rows in one statement ({}); writing them one by one", rows.size(),
					firstLine(mostSpecific(ex).getMessage()));
			Map<Delivered, LedgerWriteException> failed = new LinkedHashMap<>();
			for (Delivered row : rows) {
				try {
					recordDelivered(issueId, row.subscriberId(), row.messageId(), row.reply());
				}
				catch (LedgerWriteException rowFailed) {
					failed.put(row, rowFailed);
				}
			}
			return failed;
		}
	}

	/** The rows in one transaction (on PostgreSQL one statement), made durable before it returns. */
	private void writeDelivered(long issueId, List<Delivered> rows) {
		OffsetDateTime now = utc(this.clock.instant());
		if (this.durability.isH2()) {
			this.ownTransaction.executeWithoutResult((status) -> {
				for (Delivered row : rows) {
					merge(issueId, row.subscriberId(), "delivered", row.messageId(), row.reply(), now);
				}
			});
		}
		else {
			List<Object> params = new ArrayList<>(rows.size() * 6);
			String insert = insertDelivered(issueId, rows, now, params);
			this.ownStatement.executeWithoutResult((status) -> this.jdbc.sql(insert).params(params).update());
		}
		this.ownStatement.executeWithoutResult((status) -> this.durability.flush());
	}

	/**
	 * PostgreSQL's multi-row {@code INSERT ... ON CONFLICT} of delivered rows: a quarter of the
	 * database's CPU per row of one MERGE each (pgbench here). Adds its parameters to {@code params}.
	 */
	private static String insertDelivered(long issueId, List<Delivered> rows, OffsetDateTime now, List<Object> params) {
		StringBuilder sql = new StringBuilder("""
				INSERT INTO delivery (issue_id, subscriber_id, state, attempts, message_id, reply, created_at, updated_at)
				VALUES """);
		for (int i = 0; i < rows.size(); i++) {
			Delivered row = rows.get(i);
			sql.append((i == 0) ? " " : ", ").append("(?, ?, 'delivered', 1, ?, ?, ?, ?)");
			params.addAll(Arrays.asList(issueId, row.subscriberId(), row.messageId(), shortened(row.reply()), now, now));
		}
		return sql.append("""

				ON CONFLICT (issue_id, subscriber_id) DO UPDATE SET state = EXCLUDED.state,
				  attempts = delivery.attempts + 1, message_id = EXCLUDED.message_id, reply = EXCLUDED.reply,
				  updated_at = EXCLUDED.updated_at
				""").toString();
	}

	public void recordFailed(long issueId, long subscriberId, String messageId, String error) {
		record(issueId, subscriberId, "failed", messageId, error);
	}

	/**
	 * Writes the outcome, trying again on a database error: a "delivered" that is never written
	 * means the subscriber is mailed again on resume, so a passing fault must not lose it.
	 */
	private void record(long issueId, long subscriberId, String state, String messageId, String reply) {
		for (int attempt = 1;; attempt++) {
			try {
				write(issueId, subscriberId, state, messageId, reply);
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				if (attempt == WRITE_ATTEMPTS) {
					throw new LedgerWriteException(subscriberId, state, ex);
				}
				sleep(WRITE_BACKOFF.multipliedBy(attempt));
			}
		}
	}

	/**
	 * One statement, committed on its own (outside any transaction the caller is in, so that a
	 * rollback of the chunk cannot undo it), then made durable: the row is there before the next
	 * message goes. Standard MERGE, understood by H2 and PostgreSQL 15 alike.
	 */
	private void write(long issueId, long subscriberId, String state, String messageId, String reply) {
		OffsetDateTime now = utc(this.clock.instant());
		this.ownStatement.executeWithoutResult((status) -> merge(issueId, subscriberId, state, messageId, reply, now));
		this.ownStatement.executeWithoutResult((status) -> this.durability.flush());
	}

	private void merge(long issueId, long subscriberId, String state, String messageId, String reply, OffsetDateTime now) {
		this.jdbc.sql("""
				MERGE INTO delivery d
				USING (VALUES (CAST(:issue AS BIGINT), CAST(:subscriber AS BIGINT))) AS v (issue_id, subscriber_id)
				ON d.issue_id = v.issue_id AND d.subscriber_id = v.subscriber_id
				WHEN MATCHED THEN UPDATE SET state = :state, attempts = d.attempts + 1, message_id = :messageId,
				  reply = :reply, updated_at = :now
				WHEN NOT MATCHED THEN INSERT (issue_id, subscriber_id, state, attempts, message_id, reply, created_at,
				  updated_at)
				VALUES (v.issue_id, v.subscriber_id, :state, 1, :messageId, :reply, :now, :now)
				""")
			.param("issue", issueId)
			.param("subscriber", subscriberId)
			.param("state", state)
			.param("messageId", messageId)
			.param("reply", shortened(reply))
			.param("now", now)
			.update();
	}

	/** The reply column holds 2,000 characters. */
	private static String shortened(String reply) {
		return (reply == null || reply.length() <= 2000) ? reply : reply.substring(0, 2000);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while recording a delivery", ex);
		}
	}

	/**
	 * Refreshes PostgreSQL's statistics of the tables a send reads and writes per message. Plans
	 * made while the ledger was small (a new database, or autovacuum off) kept scanning it as it
	 * grew: a 200,000-subscriber send fell from 440 to 250 messages a second, and ran at 1,177 once
	 * ANALYZE had run. H2 needs nothing: its plans here do not depend on statistics.
	 */
	public void refreshStatistics() {
		if (!this.durability.isH2()) {
			this.ownStatement.executeWithoutResult((status) -> this.jdbc.sql("ANALYZE subscriber, delivery").update());
		}
	}

	/** Rows by state for the issue: delivered, deferred, bounced, failed, skipped. */
	public Map<String, Integer> countsByState(long issueId) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String state : List.of("delivered", "deferred", "bounced", "failed", "skipped")) {
			counts.put(state, 0);
		}
		this.jdbc.sql("SELECT state, COUNT(*) AS n FROM delivery WHERE issue_id = :issue GROUP BY state")
			.param("issue", issueId)
			.query((rs) -> {
				counts.put(rs.getString("state"), rs.getInt("n"));
			});
		return counts;
	}

	/** The latest failures of the issue, newest first. */
	public List<Failure> lastFailures(long issueId, int limit) {
		return this.jdbc.sql("""
				SELECT s.email, d.state, d.reply, d.attempts, d.updated_at FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.issue_id = :issue AND d.state IN ('failed', 'deferred', 'bounced') ORDER BY d.updated_at DESC, d.id DESC
				FETCH FIRST :limit ROWS ONLY
				""")
			.param("issue", issueId)
			.param("limit", limit)
			.query((rs, row) -> new Failure(rs.getString("email"), rs.getString("state"), rs.getString("reply"),
					rs.getInt("attempts"),
					rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/** The ledger could not record an outcome the transport already reported. */
	public static final class LedgerWriteException extends IllegalStateException {

		LedgerWriteException(long subscriberId, String state, RuntimeException cause) {
			super("Could not record subscriber " + subscriberId + " as " + state + " after " + WRITE_ATTEMPTS
					+ " attempts (" + firstLine(mostSpecific(cause).getMessage()) + ")"
					+ ("delivered".equals(state) ? "; the server accepted the message, so a resume mails it again" : ""),
					cause);
		}

	}

	/** Database messages go on with the statement on further lines; the first says what went wrong. */
	private static String firstLine(String message) {
		if (message == null) {
			return "no message";
		}
		int end = message.indexOf('\n');
		return ((end < 0) ? message : message.substring(0, end)).strip();
	}

	private static Throwable mostSpecific(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** A message the server accepted, to be recorded as delivered. */
	public record Delivered(long subscriberId, String messageId, String reply) {
	}

	/** Active subscribers the week has not finished with. */
	public record Unfinished(int total, int deferred) {
	}

	/** A failed delivery, for status. */
	public record Failure(String email, String state, String reply, int attempts, Instant at) {
	}

}
