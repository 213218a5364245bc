package dev.agentoutbox.worker;

import dev.agentoutbox.queue.DeadReason;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.json.ObjectMapperFactory;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.RecoveryStrategy;
import net.greghaines.jesque.worker.WorkerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Jesque worker thread with the reliability layer: a unique name, malformed jobs dead-lettered
 * instead of silently dropped, and each job finished by one atomic transition (done, retry, dead
 * letter) that is retried across Redis reconnects instead of being left in flight.
 */
final class ReliableWorker extends WorkerImpl {
  private static final Logger LOG = LoggerFactory.getLogger(ReliableWorker.class);
  private static final ThreadLocal<String> PENDING_NAME = new ThreadLocal<>();

  private final JobProcessor processor;
  private final WorkerMetrics metrics;
  private String currentRaw;
  private volatile long jobStartedNanos;

  ReliableWorker(
      Config config,
      QueueKeys keys,
      String name,
      Jedis jedis,
      JobProcessor processor,
      WorkerMetrics metrics) {
    super(
        config,
        List.of(keys.queue()),
        new MapBasedJobFactory(Map.of(JobEnvelope.JOB_CLASS, Phase8Job.class)),
        stashName(name, jedis));
    this.processor = processor;
    this.metrics = metrics;
    setExceptionHandler(
        (executor, exception, queue) -> {
          if (exception instanceof JedisConnectionException) {
            metrics.redisError();
            LOG.warn(
                "worker {}: Redis connection lost ({}); this thread ends and the supervisor"
                    + " starts a fresh one once Redis answers (a broken Jedis 3 connection never"
                    + " reconnects)",
                getName(),
                exception.getMessage());
            return RecoveryStrategy.TERMINATE;
          }
          if (exception instanceof InterruptedException && isShutdown()) {
            return RecoveryStrategy.TERMINATE;
          }
          LOG.warn(
              "worker {}: unexpected {}; the worker keeps polling",
              getName(),
              exception.toString());
          sleepQuietly(Duration.ofMillis(200));
          return RecoveryStrategy.PROCEED;
        });
  }

  private static Jedis stashName(String name, Jedis jedis) {
    PENDING_NAME.set(name);
    return jedis;
  }

  @Override
  protected String createName() {
    String name = PENDING_NAME.get();
    PENDING_NAME.remove();
    if (name == null) {
      throw new IllegalStateException("worker name must be set before construction");
    }
    return name;
  }

  /** Milliseconds the current job has been running, or -1 when idle. */
  long currentJobMillis() {
    long started = jobStartedNanos;
    return started == 0 ? -1 : (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  protected String pop(String curQueue) {
    String raw = super.pop(curQueue);
    if (raw == null) {
      return null;
    }
    Job job;
    try {
      job = ObjectMapperFactory.get().readValue(raw, Job.class);
    } catch (Exception e) {
      finish(
          () ->
              processor.deadLetterUnreadable(
                  jedis, getName(), raw, DeadReason.MALFORMED_JSON, "not a Jesque job: " + e));
      return null;
    }
    if (!job.isValid()) {
      finish(
          () ->
              processor.deadLetterUnreadable(
                  jedis, getName(), raw, DeadReason.MALFORMED_JSON, "job without a class name"));
      return null;
    }
    currentRaw = raw;
    return raw;
  }

  @Override
  protected void process(Job job, String curQueue) {
    String raw = currentRaw;
    currentRaw = null;
    jobStartedNanos = System.nanoTime();
    try {
      String status;
      try {
        status = statusMsg(curQueue, job);
      } catch (java.io.IOException e) {
        status = "{}";
      }
      Object instance;
      try {
        instance = getJobFactory().materializeJob(job);
      } catch (Exception e) {
        finish(
            () ->
                processor.deadLetterUnreadable(
                    jedis,
                    getName(),
                    raw,
                    DeadReason.UNKNOWN_CLASS,
                    "cannot run job class '" + job.getClassName() + "': " + e));
        return;
      }
      if (!(instance instanceof Phase8Job p) || p.payloadJson() == null) {
        finish(
            () ->
                processor.deadLetterUnreadable(
                    jedis,
                    getName(),
                    raw,
                    DeadReason.UNKNOWN_CLASS,
                    "unexpected job " + job.getClassName()));
        return;
      }
      String statusJson = status;
      finish(() -> processor.process(jedis, getName(), raw, p.payloadJson(), statusJson));
    } finally {
      jobStartedNanos = 0;
    }
  }

  /**
   * Runs a job's final transition. When Redis is lost meanwhile, the job stays in this worker's
   * in-flight list and the thread ends: the supervisor puts the job back in the queue exactly once
   * and replaces the thread (the sinks are idempotent, so the next run only confirms them).
   */
  private void finish(java.util.function.Supplier<JobOutcome> transition) {
    try {
      transition.get();
    } catch (JedisConnectionException e) {
      metrics.redisError();
      LOG.warn(
          "worker {}: Redis lost while finishing a job ({}); the job stays in flight, this thread"
              + " ends, and the supervisor puts the job back in the queue once Redis answers",
          getName(),
          e.getMessage());
      end(false);
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
