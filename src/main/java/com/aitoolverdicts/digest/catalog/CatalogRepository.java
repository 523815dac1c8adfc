package com.aitoolverdicts.digest.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Reads and writes tools with their reviews and community votes. */
@Repository
public class CatalogRepository {

	private final JdbcClient jdbc;

	CatalogRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The tools whose panel review was published in {@code [from, to)}, oldest first, each with
	 * its reviews and community votes (zeros when the site recorded none).
	 */
	public List<Tool> publishedBetween(Instant from, Instant to) {
		Map<Long, List<Review>> reviews = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT r.tool_id, r.persona, r.score, r.verdict, r.body
				FROM review r JOIN tool t ON t.id = r.tool_id
				WHERE t.published_at >= :from AND t.published_at < :to
				""").param("from", utc(from)).param("to", utc(to)).query((rs) -> {
					reviews.computeIfAbsent(rs.getLong("tool_id"), (id) -> new ArrayList<>()).add(review(rs));
				});
		return this.jdbc.sql("""
				SELECT t.*, COALESCE(v.ship_count, 0) AS ship_count, COALESCE(v.skip_count, 0) AS skip_count
				FROM tool t LEFT JOIN community_votes v ON v.tool_id = t.id
				WHERE t.published_at >= :from AND t.published_at < :to
				ORDER BY t.published_at, t.slug
				""")
			.param("from", utc(from))
			.param("to", utc(to))
			.query((rs, row) -> tool(rs, reviews.getOrDefault(rs.getLong("id"), List.of())))
			.list();
	}

	/** How many tools were published in {@code [from, to)}. */
	public int countPublishedBetween(Instant from, Instant to) {
		return this.jdbc.sql("SELECT COUNT(*) FROM tool WHERE published_at >= :from AND published_at < :to")
			.param("from", utc(from))
			.param("to", utc(to))
			.query(Integer.class)
			.single();
	}

	/**
	 * Inserts the tools, or updates those whose slug exists already, replacing their reviews and
	 * votes. All or nothing: one transaction.
	 */
	@Transactional
	public void upsertAll(List<Tool> tools, Instant now) {
		for (Tool tool : tools) {
			upsert(tool, now);
		}
	}

	private void upsert(Tool tool, Instant now) {
		int updated = this.jdbc.sql("""
				UPDATE tool SET name = :name, vendor = :vendor, category = :category, tagline = :tagline,
				  description = :description, pricing = :pricing, entry_price = :entryPrice, license = :license,
				  url = :url, published_at = :publishedAt, updated_at = :now
				WHERE slug = :slug
				""").params(toolParams(tool, now)).update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO tool (slug, name, vendor, category, tagline, description, pricing, entry_price,
					  license, url, published_at, created_at, updated_at)
					VALUES (:slug, :name, :vendor, :category, :tagline, :description, :pricing, :entryPrice,
					  :license, :url, :publishedAt, :now, :now)
					""").params(toolParams(tool, now)).update();
		}
		long id = this.jdbc.sql("SELECT id FROM tool WHERE slug = :slug")
			.param("slug", tool.slug())
			.query(Long.class)
			.single();
		this.jdbc.sql("DELETE FROM review WHERE tool_id = :id").param("id", id).update();
		for (Review review : tool.reviews()) {
			this.jdbc.sql("""
					INSERT INTO review (tool_id, persona, score, verdict, body)
					VALUES (:id, :persona, :score, :verdict, :body)
					""")
				.param("id", id)
				.param("persona", review.persona().label())
				.param("score", review.score())
				.param("verdict", review.verdict().code())
				.param("body", review.body())
				.update();
		}
		this.jdbc.sql("DELETE FROM community_votes WHERE tool_id = :id").param("id", id).update();
		this.jdbc.sql("""
				INSERT INTO community_votes (tool_id, ship_count, skip_count, updated_at)
				VALUES (:id, :ship, :skip, :now)
				""")
			.param("id", id)
			.param("ship", tool.communityShip())
			.param("skip", tool.communitySkip())
			.param("now", utc(now))
			.update();
	}

	private static Map<String, Object> toolParams(Tool tool, Instant now) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("slug", tool.slug());
		params.put("name", tool.name());
		params.put("vendor", tool.vendor());
		params.put("category", tool.category());
		params.put("tagline", tool.tagline());
		params.put("description", tool.description());
		params.put("pricing", tool.pricing());
		params.put("entryPrice", tool.entryPrice());
		params.put("license", tool.license());
		params.put("url", tool.url());
		params.put("publishedAt", utc(tool.publishedAt()));
		params.put("now", utc(now));
		return params;
	}

	private static Review review(ResultSet rs) throws SQLException {
		return new Review(Persona.fromLabel(rs.getString("persona")).orElseThrow(), rs.getInt("score"),
				Verdict.parse(rs.getString("verdict")).orElseThrow(), rs.getString("body"));
	}

	private static Tool tool(ResultSet rs, List<Review> reviews) throws SQLException {
		return new Tool(rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("vendor"),
				rs.getString("category"), rs.getString("tagline"), rs.getString("description"),
				rs.getString("pricing"), rs.getString("entry_price"), rs.getString("license"), rs.getString("url"),
				rs.getObject("published_at", OffsetDateTime.class).toInstant(), rs.getInt("ship_count"),
				rs.getInt("skip_count"), reviews);
	}

	/** Timestamps go to the database as UTC offsets: both H2 and PostgreSQL bind them exactly. */
	public static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
