package dev.agentoutbox.api;

import dev.agentoutbox.agent.AgentConfig;
import dev.agentoutbox.agent.ReferenceAgent;
import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.handoff.HandOffs;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the agent API: reference agent + real hand-off, configured from the environment. */
public final class ApiMain {
  private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

  /** Exit status for an invalid configuration. */
  public static final int EXIT_CONFIG = 2;

  /** Exit status when the port cannot be bound. */
  public static final int EXIT_LISTEN = 3;

  private ApiMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    ApiConfig config;
    AgentConfig agentConfig;
    ReferenceAgent agent;
    HandOff handOff;
    try {
      config = ApiConfig.fromEnv(env);
      agentConfig = AgentConfig.fromEnv(env);
      agent = ReferenceAgent.offline(agentConfig);
      handOff = HandOffs.fromEnv(env);
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}; not starting", e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    ApiServer server;
    try {
      server = new ApiServer(config, agent, handOff).start();
    } catch (IOException e) {
      LOG.error(
          "cannot listen on {}:{} ({}); not starting",
          config.bindAddress(),
          config.port(),
          e.toString());
      handOff.close();
      System.exit(EXIT_LISTEN);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  handOff.close();
                },
                "api-shutdown"));
  }
}
