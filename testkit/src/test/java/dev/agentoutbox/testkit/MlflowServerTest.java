package dev.agentoutbox.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MlflowServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void sharedServerCreatesAndReadsBackAnExperiment() throws Exception {
    MlflowServer mlflow = MlflowServer.shared();
    String name = "testkit-" + UUID.randomUUID();

    String id = createExperiment(mlflow.trackingUri(), name);

    HttpResponse<String> read =
        get(mlflow.trackingUri() + "/api/2.0/mlflow/experiments/get?experiment_id=" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(field(read.body(), "name")).isEqualTo(name);
    assertThat(field(read.body(), "experiment_id")).isEqualTo(id);
    assertThat(MlflowServer.shared()).isSameAs(mlflow);
    assertThatThrownBy(mlflow::kill).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void privateServerSurvivesKillAndStartAgainWithItsData() throws Exception {
    try (MlflowServer mlflow = MlflowServer.start()) {
      String uri = mlflow.trackingUri();
      String id = createExperiment(uri, "outage");

      mlflow.kill();

      assertThat(mlflow.isRunning()).isFalse();
      assertThatThrownBy(() -> get(uri + "/health")).isInstanceOf(ConnectException.class);

      mlflow.startAgain();

      assertThat(mlflow.trackingUri()).isEqualTo(uri);
      HttpResponse<String> read =
          get(uri + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=outage");
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(field(read.body(), "experiment_id")).isEqualTo(id);
    }
  }

  private String createExperiment(String trackingUri, String name)
      throws IOException, InterruptedException {
    HttpRequest create =
        HttpRequest.newBuilder(URI.create(trackingUri + "/api/2.0/mlflow/experiments/create"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
            .build();
    HttpResponse<String> created = http.send(create, HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return field(created.body(), "experiment_id");
  }

  /** The first string value of {@code key} in a JSON body (MLflow pretty-prints its answers). */
  private static String field(String json, String key) {
    Matcher matcher = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    assertThat(matcher.find()).as("%s in %s", key, json).isTrue();
    return matcher.group(1);
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
