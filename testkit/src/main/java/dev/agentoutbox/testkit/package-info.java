/**
 * Real servers for tests: {@link dev.agentoutbox.testkit.RedisServer} (one per test class, can be
 * restarted and killed), {@link dev.agentoutbox.testkit.PostgresServer#shared()} (one per JVM,
 * isolate tests with {@code createDatabase}) and {@link dev.agentoutbox.testkit.MlflowServer}
 * ({@code shared()} per JVM, {@code start()} for a private server to kill).
 *
 * <p>They run as local processes under {@code <java.io.tmpdir>/agent-outbox-testkit/}, or as
 * Testcontainers when a Docker engine answers (see {@link dev.agentoutbox.testkit.ServerMode}).
 * {@code scripts/test} provisions what the local processes need. Environment variables:
 *
 * <ul>
 *   <li>{@code AGENT_OUTBOX_TESTKIT_MODE}: {@code auto} (default), {@code local} or {@code docker}
 *   <li>{@code REDIS_SERVER_BIN}: redis-server to run (else PATH, else the embedded binary)
 *   <li>{@code AGENT_OUTBOX_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}: use an existing
 *       PostgreSQL instead of starting one
 *   <li>{@code AGENT_OUTBOX_PG_BINDIR}: directory with initdb and pg_ctl
 *   <li>{@code AGENT_OUTBOX_TEST_MLFLOW_URI}: use an existing MLflow for {@code shared()}
 *   <li>{@code AGENT_OUTBOX_MLFLOW_VENV}: virtualenv with mlflow (default {@code
 *       ~/.cache/agent-outbox/mlflow-venv})
 *   <li>{@code AGENT_OUTBOX_MLFLOW_STARTUP_TIMEOUT_SECONDS}: MLflow startup deadline (default 60)
 * </ul>
 */
package dev.agentoutbox.testkit;
