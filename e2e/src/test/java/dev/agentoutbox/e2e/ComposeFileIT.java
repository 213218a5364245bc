package dev.agentoutbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so docker-compose.yml is checked statically against what the jars
 * really accept: images or builds, Dockerfiles that copy the built jars, worker subcommands, and
 * every environment variable is one the code reads.
 */
class ComposeFileIT {
  private final Path root = Pipeline.repositoryRoot();

  private JsonNode compose() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(root.resolve("docker-compose.yml").toFile());
  }

  @Test
  void hasEveryServiceWithAnImageOrABuild() throws Exception {
    JsonNode services = compose().path("services");
    assertThat(fieldNames(services))
        .containsExactlyInAnyOrder("redis", "postgres", "mlflow", "agent-api", "audit-worker");
    for (String name : fieldNames(services)) {
      JsonNode s = services.get(name);
      assertThat(s.has("image") || s.has("build")).as(name + " has image or build").isTrue();
    }
  }

  @Test
  void redisKeepsTheQueueDurable() throws Exception {
    String cmd = compose().path("services").path("redis").path("command").toString();
    assertThat(cmd)
        .contains("\"--appendonly\",\"yes\"")
        .contains("\"--maxmemory-policy\",\"noeviction\"");
  }

  @Test
  void dockerfilesCopyTheJarsTheBuildProduces() throws Exception {
    JsonNode services = compose().path("services");
    for (String svc : List.of("agent-api", "audit-worker")) {
      Path dockerfile = root.resolve(services.path(svc).path("build").path("dockerfile").asText());
      String text = Files.readString(dockerfile);
      String jar = svc + "/target/" + svc + ".jar";
      assertThat(text).contains("COPY " + jar);
      assertThat(root.resolve(jar)).isRegularFile();
    }
  }

  @Test
  void theWorkerCommandIsAValidSubcommandOfTheJar() throws Exception {
    JsonNode cmd = compose().path("services").path("audit-worker").path("command");
    List<String> args = new ArrayList<>();
    args.add(ProcessHandle.current().info().command().orElse("java"));
    args.add("-jar");
    args.add(root.resolve("audit-worker/target/audit-worker.jar").toString());
    cmd.forEach(a -> args.add(a.asText()));
    args.add("--help");
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void everyEnvironmentVariableIsReadByTheCode() throws Exception {
    String sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources =
          files
              .filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
              .map(
                  f -> {
                    try {
                      return Files.readString(f);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .collect(Collectors.joining("\n"));
    }
    JsonNode services = compose().path("services");
    for (String svc : List.of("agent-api", "audit-worker")) {
      for (Iterator<Map.Entry<String, JsonNode>> it =
              services.path(svc).path("environment").fields();
          it.hasNext(); ) {
        String var = it.next().getKey();
        assertThat(sources)
            .as(svc + " env " + var + " is read by the code")
            .contains("\"" + var + "\"");
      }
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
