package com.aitoolverdicts.digest.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that answers requests in rounds: whatever was asked while its last round ran goes in
 * its next (the ledger's group commit, {@link DeliveryRecorder}).
 * <p>
 * With a gathering time, a round does not start as soon as a request is there: it waits until
 * someone waits for the answer to one of its requests ({@link #demand}, through
 * {@link Answer#hurry}), or until the gathering time has passed since its first request. Requests
 * that nobody needs yet (a ledger row that only the message after next waits for) then share a
 * round with those that come after them: on H2 every round writes a new chunk of the database
 * file, whose cost hardly depends on how many rows it holds. A request that someone already
 * waits for is never held back.
 */
final class Rounds<T extends Rounds.Request> {

	private static final Logger logger = LoggerFactory.getLogger(Rounds.class);

	private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

	/** At most this many requests in one round: a bound on one statement's size. */
	static final int MOST_PER_ROUND = 256;

	private static final Request STOP = new Request() {

		@Override
		public void fail(Throwable failure) {
		}

		@Override
		public Ticket ticket() {
			return STOP_TICKET;
		}

	};

	/** STOP's ticket: never numbered, since STOP is not queued by {@link #add}. */
	private static final Ticket STOP_TICKET = new Ticket();

	private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

	private final Consumer<List<T>> answer;

	private final long gatherNanos;

	private final Thread thread;

	/** The highest ticket someone waits for the answer to. */
	private final AtomicLong demanded = new AtomicLong();

	private boolean closed;

	/** Tickets given so far. */
	private long numbered;

	/** {@code answer} answers a round; {@code gather} zero starts each round as soon as a request is there. */
	Rounds(String name, Duration gather, Consumer<List<T>> answer) {
		this.answer = answer;
		this.gatherNanos = gather.toNanos();
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues {@code request}, numbering its ticket; after {@link #close()} it fails at once instead. */
	void add(T request) {
		synchronized (this) {
			if (!this.closed) {
				request.ticket().number = ++this.numbered;
				request.ticket().rounds = this;
				this.requests.add(request);
				return;
			}
		}
		request.fail(new IllegalStateException("the send had ended"));
	}

	/** Someone waits for the answer to ticket {@code number}: its round goes now, gathering no more. */
	void demand(long number) {
		if (this.demanded.getAndAccumulate(number, Math::max) < number) {
			LockSupport.unpark(this.thread);
		}
	}

	/** Answers what was asked before, for up to a minute; whatever is asked from now on fails at once. */
	void close() {
		synchronized (this) {
			this.closed = true;
			this.requests.add(STOP);
		}
		demand(Long.MAX_VALUE);
		try {
			this.thread.join(CLOSE_WAIT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			logger.warn("{} did not finish within {}", this.thread.getName(), CLOSE_WAIT);
		}
	}

	@SuppressWarnings("unchecked")
	private void run() {
		List<Request> round = new ArrayList<>();
		while (true) {
			round.clear();
			Request first;
			try {
				first = this.requests.take();
			}
			catch (InterruptedException ex) {
				// Only close() ends this thread: what is queued must still be answered.
				continue;
			}
			round.add(first);
			if (first != STOP) {
				gather(first.ticket().number);
			}
			this.requests.drainTo(round, MOST_PER_ROUND - 1);
			boolean stop = round.remove(STOP);
			if (!round.isEmpty()) {
				try {
					this.answer.accept((List<T>) (List<?>) round);
				}
				catch (RuntimeException | Error ex) {
					// Nothing asked is left unanswered, whatever failed.
					round.forEach((request) -> request.fail(ex));
				}
			}
			if (stop) {
				this.requests.forEach((request) -> request.fail(new IllegalStateException("The send has ended")));
				return;
			}
		}
	}

	/**
	 * Waits, for at most the gathering time, until someone waits for the answer to {@code first}
	 * or to a request queued after it; meanwhile, more requests join the round.
	 */
	private void gather(long first) {
		long deadline = System.nanoTime() + this.gatherNanos;
		while (this.demanded.get() < first) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			LockSupport.parkNanos(this, left);
		}
	}

	/** Something asked of the rounds. */
	interface Request {

		/** Answers the request with {@code failure}. */
		void fail(Throwable failure);

		/** Where the request stands in the queue. */
		Ticket ticket();

	}

	/** A request's number in the queue, given when it is added. */
	static final class Ticket {

		private volatile long number;

		private volatile Rounds<?> rounds;

		long number() {
			return this.number;
		}

	}

	/**
	 * A future a round completes, holding its request's ticket. Its dependents (a
	 * {@code whenComplete}, say) hold the same ticket, so that waiting for one of them hurries the
	 * round too.
	 */
	static final class Answer<V> extends CompletableFuture<V> {

		private final Ticket ticket;

		/** An answer with a ticket of its own: one request's. */
		Answer() {
			this(new Ticket());
		}

		private Answer(Ticket ticket) {
			this.ticket = ticket;
		}

		/** Another answer to the same request (a request that is answered twice over). */
		<U> Answer<U> withSameTicket() {
			return new Answer<>(this.ticket);
		}

		Ticket ticket() {
			return this.ticket;
		}

		/**
		 * Says that the caller is about to wait for {@code future}: if it is an unanswered answer of
		 * some rounds, its round starts without gathering more. Any other future is left alone.
		 */
		static void hurry(CompletableFuture<?> future) {
			if (future instanceof Answer<?> answer && !future.isDone()) {
				Rounds<?> rounds = answer.ticket.rounds;
				if (rounds != null) {
					rounds.demand(answer.ticket.number);
				}
			}
		}

		@Override
		public <U> CompletableFuture<U> newIncompleteFuture() {
			return withSameTicket();
		}

	}

}
