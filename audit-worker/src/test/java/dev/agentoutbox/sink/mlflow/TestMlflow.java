package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.testkit.MlflowServer;
import java.net.URI;

/** The real MLflow tracking server shared by the tests of this package. */
final class TestMlflow {
  private TestMlflow() {}

  static URI trackingUri() {
    return URI.create(MlflowServer.shared().trackingUri());
  }
}
