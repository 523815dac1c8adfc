package com.aitoolverdicts.digest.job;

import java.util.ArrayList;
import java.util.OptionalLong;

import com.aitoolverdicts.digest.subscriber.Subscriber;
import com.aitoolverdicts.digest.subscriber.SubscriberRepository;

import org.springframework.batch.infrastructure.item.database.AbstractPagingItemReader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Active subscribers in id order, a page at a time, each page found from the last id of the one
 * before (keyset paging): memory holds one page whatever the size of the list. It saves no
 * position: on a restart it reads from the first subscriber again and the ledger skips those
 * already delivered (one query per chunk). The saved position of JdbcPagingItemReader skips
 * {@code read.count % pageSize} rows after the last key, which loses subscribers when the chunk
 * size changed between runs.
 * <p>
 * The query orders by {@code status, id}, the columns of index {@code subscriber_status_ix}, so
 * that H2 reads a page straight from that index and stops after it. Ordered by {@code id} alone
 * (JdbcPagingItemReader's query) H2 read and sorted every active subscriber after the key for
 * each page: 12 ms a page at 100,000 subscribers, quadratic in the size of the list.
 * <p>
 * The page's query is also a status check: it says when its subscribers were last seen active
 * ({@link #seenActiveAt}), which spares the writer a check per message while that is recent.
 */
class ActiveSubscribersReader extends AbstractPagingItemReader<Subscriber> {

	private final JdbcClient jdbc;

	private long after;

	/** The ids the last page holds, from first to last, and {@link System#nanoTime()} before it was read. */
	private volatile Page page;

	ActiveSubscribersReader(JdbcClient jdbc, int pageSize) {
		this.jdbc = jdbc;
		setName("subscribers");
		setPageSize(pageSize);
		setSaveState(false);
	}

	@Override
	protected void doOpen() throws Exception {
		this.after = 0;
		this.page = null;
		super.doOpen();
	}

	@Override
	protected void doReadPage() {
		this.results = (this.results != null) ? this.results : new ArrayList<>();
		this.results.clear();
		long readAt = System.nanoTime();
		this.results.addAll(this.jdbc.sql("SELECT " + SubscriberRepository.COLUMNS + """
				 FROM subscriber WHERE status = 'active' AND id > :after
				ORDER BY status, id FETCH FIRST :size ROWS ONLY
				""")
			.param("after", this.after)
			.param("size", getPageSize())
			.query(SubscriberRepository::subscriber)
			.list());
		if (!this.results.isEmpty()) {
			this.after = this.results.get(this.results.size() - 1).id();
			this.page = new Page(this.results.get(0).id(), this.after, readAt);
		}
	}

	/**
	 * When every subscriber with an id from {@code first} to {@code last} (all read from one page)
	 * was last seen active: {@link System#nanoTime()} taken before that page's query began. Empty
	 * when they are not all from the last page read.
	 */
	OptionalLong seenActiveAt(long first, long last) {
		Page read = this.page;
		return (read != null && read.first() <= first && last <= read.last()) ? OptionalLong.of(read.readAt())
				: OptionalLong.empty();
	}

	private record Page(long first, long last, long readAt) {
	}

}
