package dev.agentoutbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentoutbox.agent.AgentConfig;
import dev.agentoutbox.agent.ReferenceAgent;
import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.handoff.HandOffDestination;
import dev.agentoutbox.api.handoff.HandOffHealth;
import dev.agentoutbox.api.handoff.HandOffReceipt;
import dev.agentoutbox.payload.AuditPayload;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The response waits for the hand-off, and a full handler pool refuses instead of queueing. */
class ApiServerBackpressureTest {
  private static final String BODY =
      "{\"user_id\":\"IN003\",\"country\":\"IN\",\"query\":\"What is my EPS pension benefit?\"}";

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<AuditPayload> submitted = new CopyOnWriteArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiServer server;

  /** Blocks every submit until {@link #release} opens. */
  private final HandOff blocking =
      new HandOff() {
        @Override
        public HandOffReceipt submit(AuditPayload payload) {
          submitted.add(payload);
          try {
            if (!release.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("test never released the hand-off");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return new HandOffReceipt(payload.auditId(), HandOffDestination.QUEUED);
        }

        @Override
        public HandOffHealth health() {
          return HandOffHealth.up();
        }
      };

  private void start(int threads, int queue, Duration grace) throws Exception {
    ApiConfig config =
        ApiConfig.builder()
            .bindAddress("127.0.0.1")
            .port(0)
            .httpThreads(threads)
            .httpQueueCapacity(queue)
            .shutdownGrace(grace)
            .build();
    server =
        new ApiServer(
                config,
                ReferenceAgent.offline(AgentConfig.defaults(), Clock.systemUTC(), d -> {}),
                blocking)
            .start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  @Test
  void theResponseIsWrittenOnlyAfterTheHandOffReturned() throws Exception {
    start(1, 1, Duration.ZERO);
    CompletableFuture<HttpResponse<String>> response = sendAsync();
    await().atMost(Duration.ofSeconds(30)).until(() -> submitted.size() == 1);

    assertThat(response).isNotDone();
    release.countDown();
    assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aFullHandlerPoolRefusesTheConnectionAndCountsIt() throws Exception {
    start(1, 1, Duration.ZERO);
    CompletableFuture<HttpResponse<String>> first = sendAsync();
    await().atMost(Duration.ofSeconds(30)).until(() -> submitted.size() == 1);
    CompletableFuture<HttpResponse<String>> second = sendAsync();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.metrics().scrape(null).contains("agent_api_http_queue_depth 1"));

    assertThatThrownBy(() -> client.send(post(), BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(server.metrics().rejectedCount()).isEqualTo(1);

    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(submitted).hasSize(2);
  }

  @Test
  void closeLetsTheRequestInFlightFinishAndRefusesNewOnes() throws Exception {
    start(2, 1, Duration.ofSeconds(60));
    CompletableFuture<HttpResponse<String>> inFlight = sendAsync();
    await().atMost(Duration.ofSeconds(30)).until(() -> submitted.size() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> r =
                  client.send(
                      HttpRequest.newBuilder(server.uri().resolve("/healthz")).build(),
                      BodyHandlers.ofString());
              return r.statusCode() == 503 && r.body().contains("\"shutting_down\"");
            });

    assertThat(inFlight).isNotDone();
    assertThat(closing).isNotDone();
    release.countDown();
    assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    closing.get(30, TimeUnit.SECONDS);
    assertThat(submitted).hasSize(1);
  }

  private CompletableFuture<HttpResponse<String>> sendAsync() {
    return client.sendAsync(post(), BodyHandlers.ofString());
  }

  private HttpRequest post() {
    return HttpRequest.newBuilder(server.uri().resolve("/v1/query"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(BODY))
        .build();
  }
}
