package com.aitoolverdicts.digest.issue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.aitoolverdicts.digest.catalog.Tool;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static com.aitoolverdicts.digest.catalog.CatalogRepository.utc;

/**
 * Freezes an issue (its tools as JSON snapshots, its pairs by rank) and reads it back exactly as
 * frozen, however the catalog changed since.
 */
@Repository
public class IssueRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	IssueRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores the selection as the issue of {@code week}. Fails if that week has an issue already. */
	@Transactional
	public Issue freeze(IsoWeek week, ZoneId zone, PairSelector.Selection selection, Instant now) {
		this.jdbc.sql("""
				INSERT INTO digest_issue (week, zone, window_start, window_end, state, composed_at)
				VALUES (:week, :zone, :start, :end, 'composed', :now)
				""")
			.param("week", week.toString())
			.param("zone", zone.getId())
			.param("start", utc(week.start(zone)))
			.param("end", utc(week.end(zone)))
			.param("now", utc(now))
			.update();
		long id = this.jdbc.sql("SELECT id FROM digest_issue WHERE week = :week")
			.param("week", week.toString())
			.query(Long.class)
			.single();
		int order = 0;
		for (Pair pair : selection.pairs()) {
			snapshot(id, pair.a(), order++);
			snapshot(id, pair.b(), order++);
		}
		for (Tool tool : selection.alsoNew()) {
			snapshot(id, tool, order++);
		}
		int rank = 1;
		for (Pair pair : selection.pairs()) {
			this.jdbc.sql("""
					INSERT INTO issue_pair (issue_id, pair_rank, tool_a_id, tool_b_id, score, rationale)
					VALUES (:id, :rank, :a, :b, :score, :rationale)
					""")
				.param("id", id)
				.param("rank", rank++)
				.param("a", pair.a().id())
				.param("b", pair.b().id())
				.param("score", pair.score())
				.param("rationale", pair.rationale())
				.update();
		}
		return find(week).orElseThrow();
	}

	private void snapshot(long issueId, Tool tool, int order) {
		this.jdbc.sql("""
				INSERT INTO issue_tool (issue_id, tool_id, tool_order, snapshot) VALUES (:id, :tool, :order, :snapshot)
				""")
			.param("id", issueId)
			.param("tool", tool.id())
			.param("order", order)
			.param("snapshot", JSON.writeValueAsString(tool))
			.update();
	}

	/** The issue of {@code week} with its frozen content, if it was composed. */
	public Optional<Issue> find(IsoWeek week) {
		return this.jdbc
			.sql("SELECT id, state, composed_at, sent_at, window_start, window_end FROM digest_issue WHERE week = :week")
			.param("week", week.toString())
			.query((rs, row) -> new IssueHeader(rs.getLong("id"), IssueState.of(rs.getString("state")),
					rs.getObject("composed_at", OffsetDateTime.class).toInstant(),
					Optional.ofNullable(rs.getObject("sent_at", OffsetDateTime.class))
						.map(OffsetDateTime::toInstant)
						.orElse(null),
					rs.getObject("window_start", OffsetDateTime.class).toInstant(),
					rs.getObject("window_end", OffsetDateTime.class).toInstant()))
			.optional()
			.map((header) -> content(week, header));
	}

	private Issue content(IsoWeek week, IssueHeader header) {
		Map<Long, Tool> tools = new HashMap<>();
		List<Long> order = new ArrayList<>();
		this.jdbc.sql("SELECT tool_id, snapshot FROM issue_tool WHERE issue_id = :id ORDER BY tool_order")
			.param("id", header.id())
			.query((rs) -> {
				tools.put(rs.getLong("tool_id"), JSON.readValue(rs.getString("snapshot"), Tool.class));
				order.add(rs.getLong("tool_id"));
			});
		List<Pair> pairs = new ArrayList<>();
		Set<Long> paired = new HashSet<>();
		this.jdbc.sql("SELECT tool_a_id, tool_b_id, score, rationale FROM issue_pair WHERE issue_id = :id ORDER BY pair_rank")
			.param("id", header.id())
			.query((rs) -> {
				pairs.add(new Pair(tools.get(rs.getLong("tool_a_id")), tools.get(rs.getLong("tool_b_id")),
						rs.getDouble("score"), rs.getString("rationale")));
				paired.add(rs.getLong("tool_a_id"));
				paired.add(rs.getLong("tool_b_id"));
			});
		List<Tool> alsoNew = order.stream().filter((id) -> !paired.contains(id)).map(tools::get).toList();
		return new Issue(header.id(), week, header.state(), header.composedAt(), header.sentAt(), header.windowStart(),
				header.windowEnd(), pairs, alsoNew);
	}

	public void markState(long issueId, IssueState state, Instant sentAt) {
		this.jdbc.sql("UPDATE digest_issue SET state = :state, sent_at = :sentAt WHERE id = :id")
			.param("state", state.code())
			.param("sentAt", (sentAt != null) ? utc(sentAt) : null)
			.param("id", issueId)
			.update();
	}

	/**
	 * The comparison slugs ({@code a-vs-b}) of the pairs featured by the {@code issues} issues before
	 * {@code week}: the cooldown that keeps a pair from coming back soon.
	 */
	public Set<String> pairsFeaturedBefore(IsoWeek week, int issues) {
		if (issues <= 0) {
			return Set.of();
		}
		List<Long> recent = this.jdbc.sql("""
				SELECT id FROM digest_issue WHERE week < :week ORDER BY week DESC FETCH FIRST :issues ROWS ONLY
				""")
			.param("week", week.toString())
			.param("issues", issues)
			.query(Long.class)
			.list();
		if (recent.isEmpty()) {
			return Set.of();
		}
		Set<String> featured = new HashSet<>();
		this.jdbc.sql("""
				SELECT a.slug AS a_slug, b.slug AS b_slug FROM issue_pair p
				JOIN tool a ON a.id = p.tool_a_id JOIN tool b ON b.id = p.tool_b_id
				WHERE p.issue_id IN (:ids)
				""").param("ids", recent).query((rs) -> {
					String first = rs.getString("a_slug");
					String second = rs.getString("b_slug");
					featured.add((first.compareTo(second) < 0) ? first + "-vs-" + second : second + "-vs-" + first);
				});
		return featured;
	}

	private record IssueHeader(long id, IssueState state, Instant composedAt, Instant sentAt, Instant windowStart,
			Instant windowEnd) {
	}

}
