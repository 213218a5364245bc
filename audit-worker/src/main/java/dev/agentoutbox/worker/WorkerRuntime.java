package dev.agentoutbox.worker;

import dev.agentoutbox.queue.Heartbeat;
import dev.agentoutbox.queue.JobStore;
import dev.agentoutbox.queue.OrphanReaper;
import dev.agentoutbox.queue.ProcessIdentity;
import dev.agentoutbox.queue.RedisServerCheck;
import dev.agentoutbox.queue.RetryPromoter;
import dev.agentoutbox.sink.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * One worker process: N supervised Jesque worker threads, the process heartbeat, orphan recovery,
 * retry promotion and graceful shutdown.
 *
 * <p>Supervision: a worker thread that ends for any reason (Jesque ends a thread on most unexpected
 * exceptions, or after failing to reconnect) has its in-flight job put back in the queue and is
 * replaced by a new thread with a new name, with backoff while Redis is down.
 */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final int FULL_SCAN_EVERY = 15;
  private static final Duration SUPERVISE_PERIOD = Duration.ofSeconds(1);

  /** Completion times are kept one day, for {@code stats} throughput and lag. */
  static final Duration DONE_RETENTION = Duration.ofDays(1);

  private final WorkerConfig config;
  private final ProcessIdentity identity;
  private final JobProcessor processor;
  private final WorkerMetrics metrics;
  private final JedisPool pool;
  private final Heartbeat heartbeat;
  private final OrphanReaper reaper;
  private final RetryPromoter promoter;
  private final ScheduledExecutorService scheduler;
  private final List<Slot> slots = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger reapRuns = new AtomicInteger();
  private final Clock clock;
  private volatile boolean redisReachable;
  private volatile List<String> redisProblems = List.of();
  private volatile Instant lastRedisError;

  public WorkerRuntime(
      WorkerConfig config, List<AuditSink> sinks, WorkerMetrics metrics, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.identity = ProcessIdentity.generate();
    JobStore store = new JobStore(config.redis().keys());
    this.processor = new JobProcessor(sinks, store, config.backoff(), metrics);
    this.pool = config.redis().newPool(6, config.redis().socketTimeout());
    this.heartbeat =
        new Heartbeat(
            pool, config.redis().keys(), identity, config.heartbeat(), clock, config.threads());
    this.reaper = new OrphanReaper(pool, config.redis().keys());
    this.promoter = new RetryPromoter(pool, config.redis().keys());
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "outbox-maintenance");
              t.setDaemon(true);
              return t;
            });
  }

  public ProcessIdentity identity() {
    return identity;
  }

  public JobProcessor processor() {
    return processor;
  }

  /** Starts the heartbeat, the maintenance tasks and the worker threads. */
  public void start() {
    waitForRedis();
    for (int i = 0; i < config.threads(); i++) {
      Slot slot = new Slot(i);
      slots.add(slot);
      slot.startNew();
    }
    long hb = config.heartbeat().period().toMillis();
    scheduler.scheduleWithFixedDelay(guard("heartbeat", this::beat), hb, hb, TimeUnit.MILLISECONDS);
    long reap = config.heartbeat().reapPeriod().toMillis();
    scheduler.scheduleWithFixedDelay(guard("reaper", this::reap), 0, reap, TimeUnit.MILLISECONDS);
    long promote = config.promotePeriod().toMillis();
    scheduler.scheduleWithFixedDelay(
        guard("retry promoter", this::promote), promote, promote, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        guard("supervisor", this::supervise),
        SUPERVISE_PERIOD.toMillis(),
        SUPERVISE_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        guard("ledger trim", this::trimLedger), 1, 60, TimeUnit.MINUTES);
    LOG.info(
        "worker process {} started: {} threads, queue {}, Redis {}, heartbeat ttl {} s,"
            + " recovery of a crashed worker's job within {} s",
        identity.id(),
        config.threads(),
        config.redis().keys().queueList(),
        config.redis().redactedUrl(),
        config.heartbeat().ttl().toSeconds(),
        config.heartbeat().worstCaseRecovery().toSeconds());
  }

  private void waitForRedis() {
    Duration delay = Duration.ofMillis(200);
    while (!stopping.get()) {
      try {
        heartbeat.beat();
        try (Jedis jedis = pool.getResource()) {
          redisProblems = RedisServerCheck.problems(jedis);
        }
        redisProblems.forEach(p -> LOG.warn("Redis is not configured for durability: {}", p));
        redisReachable = true;
        return;
      } catch (RuntimeException e) {
        redisReachable = false;
        LOG.warn(
            "Redis {} unreachable at start ({}); will retry in {} ms",
            config.redis().redactedUrl(),
            e.getMessage(),
            delay.toMillis());
        sleep(delay);
        delay = min(delay.multipliedBy(2), Duration.ofSeconds(5));
      }
    }
  }

  private void beat() {
    heartbeat.beat();
    redisReachable = true;
  }

  private void reap() {
    boolean scan = reapRuns.getAndIncrement() % FULL_SCAN_EVERY == 0;
    List<OrphanReaper.Recovered> moved = reaper.reapDead(scan);
    if (!moved.isEmpty()) {
      metrics.recovered(moved.size());
    }
  }

  private void promote() {
    long n = promoter.promoteDue();
    if (n > 0) {
      metrics.promoted(n);
      LOG.info("moved {} due retries to the ready queue", n);
    }
  }

  private void trimLedger() {
    long now = clock.millis();
    try (Jedis jedis = pool.getResource()) {
      jedis.zremrangeByScore(
          config.redis().keys().ledger(),
          Double.NEGATIVE_INFINITY,
          now - config.ledgerRetention().toMillis());
      jedis.zremrangeByScore(
          config.redis().keys().done(), Double.NEGATIVE_INFINITY, now - DONE_RETENTION.toMillis());
    }
  }

  private void supervise() {
    if (stopping.get()) {
      return;
    }
    for (Slot slot : slots) {
      slot.superviseOnce();
    }
  }

  private Runnable guard(String task, Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        redisReachable = false;
        lastRedisError = clock.instant();
        metrics.redisError();
        LOG.warn("{} failed ({}); will run again on its next period", task, e.toString());
      }
    };
  }

  /** True when Redis answers, the heartbeat is fresh and every worker thread is alive. */
  public boolean isReady() {
    return redisReachable
        && !heartbeat.isStale()
        && !stopping.get()
        && slots.stream().allMatch(Slot::isAlive);
  }

  /** Facts for /healthz and /readyz. */
  public Map<String, Object> health() {
    List<Map<String, Object>> threads = new ArrayList<>();
    for (Slot s : slots) {
      ReliableWorker w = s.worker;
      threads.add(
          Map.of(
              "name", w == null ? "-" : w.getName(),
              "alive", s.isAlive(),
              "current_job_ms", w == null ? -1 : w.currentJobMillis()));
    }
    return Map.of(
        "process",
        identity.id(),
        "ready",
        isReady(),
        "redis_reachable",
        redisReachable,
        "redis_problems",
        redisProblems,
        "heartbeat_age_ms",
        heartbeat.sinceLastBeat().toMillis(),
        "last_redis_error",
        lastRedisError == null ? "" : lastRedisError.toString(),
        "threads",
        threads);
  }

  public Map<String, Double> gauges() {
    return Map.of(
        "agent_outbox_worker_ready", isReady() ? 1.0 : 0.0,
        "agent_outbox_worker_threads_alive", (double) slots.stream().filter(Slot::isAlive).count(),
        "agent_outbox_redis_reachable", redisReachable ? 1.0 : 0.0);
  }

  /**
   * Graceful stop: no new jobs, running jobs get {@code shutdownGrace} to finish, then whatever is
   * still in flight is put back in the queue exactly once and the heartbeat is removed.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info(
        "worker process {} stopping: no new jobs; running jobs have {} s to finish",
        identity.id(),
        config.shutdownGrace().toSeconds());
    scheduler.shutdownNow();
    for (Slot s : slots) {
      if (s.worker != null) {
        s.worker.end(false);
      }
    }
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    for (Slot s : slots) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        if (s.thread != null) {
          s.thread.join(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Slot s : slots) {
      if (s.worker != null && s.isAlive()) {
        try {
          int n = reaper.release(s.worker.getName()).size();
          LOG.warn(
              "worker {} did not finish within the grace period; put {} job(s) back in the queue",
              s.worker.getName(),
              n);
        } catch (RuntimeException e) {
          LOG.warn(
              "worker {}: could not put its job back ({}); another worker recovers it once this"
                  + " process's heartbeat expires",
              s.worker.getName(),
              e.toString());
        }
      }
    }
    try {
      heartbeat.remove();
    } catch (RuntimeException e) {
      LOG.warn("could not remove heartbeat ({}); it expires on its own", e.toString());
    }
    for (var sink : processor.sinks()) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        LOG.warn("closing sink {} failed: {}", sink.name(), e.toString());
      }
    }
    pool.close();
    LOG.info("worker process {} stopped", identity.id());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** One supervised worker thread position. */
  private final class Slot {
    private final int index;
    private int generation;
    private volatile ReliableWorker worker;
    private volatile Thread thread;
    private Instant nextStartAt = Instant.EPOCH;
    private Duration restartDelay = Duration.ofSeconds(1);
    private boolean needsRelease;

    Slot(int index) {
      this.index = index;
    }

    boolean isAlive() {
      Thread t = thread;
      return t != null && t.isAlive();
    }

    void startNew() {
      String name = identity.workerName(index, generation++);
      try {
        ReliableWorker w =
            new ReliableWorker(
                config.redis().jesqueConfig(),
                config.redis().keys(),
                name,
                config.redis().newJedis(),
                processor,
                metrics);
        Thread t = new Thread(w, "outbox-worker-" + index);
        t.setUncaughtExceptionHandler(
            (th, e) -> LOG.warn("worker {} ended: {}; it will be replaced", name, e.toString()));
        worker = w;
        thread = t;
        t.start();
        restartDelay = Duration.ofSeconds(1);
      } catch (RuntimeException e) {
        LOG.warn(
            "worker {} could not start ({}); will try again in {} s",
            name,
            e.toString(),
            restartDelay.toSeconds());
        nextStartAt = clock.instant().plus(restartDelay);
        restartDelay = min(restartDelay.multipliedBy(2), Duration.ofSeconds(30));
      }
    }

    void superviseOnce() {
      if (isAlive()) {
        return;
      }
      if (worker != null && !needsRelease) {
        needsRelease = true;
        LOG.warn("worker thread {} died; replacing it", worker.getName());
        metrics.workerRestarted();
      }
      if (needsRelease) {
        reaper.release(worker.getName());
        needsRelease = false;
        worker = null;
      }
      if (clock.instant().isBefore(nextStartAt)) {
        return;
      }
      startNew();
    }
  }
}
