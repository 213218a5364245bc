package dev.agentoutbox.sink.governance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the governance sink and reader.
 *
 * @param jdbcUrl where the table lives; its prefix selects the {@link SqlDialect}
 * @param table the validated table name, qualified as the dialect allows
 * @param user JDBC user, or {@code null} when the URL or driver supplies it
 * @param password JDBC password (for Databricks: the personal access token), or {@code null}
 * @param driverProperties extra driver properties (e.g. Databricks {@code OAuth2Secret}); secrets
 *     here never appear in logs
 * @param poolSize connections, and therefore concurrent batch writes; defaults per dialect ({@link
 *     SqlDialect#defaultPoolSize()}), SQLite always uses one
 * @param connectTimeout how long to wait for a pooled connection
 * @param statementTimeout query timeout of every statement (JDBC rounds it up to whole seconds)
 * @param writeTimeout how long {@code write} waits for its batch before failing TRANSIENT
 * @param createTable whether to create the table (and a PostgreSQL schema) when missing
 * @param batchWindow how long a batch waits for more rows after its first one
 * @param maxBatchSize most rows per batch; 1 means one write per record
 * @param queueCapacity most rows waiting for a batch; writers block (up to writeTimeout) beyond it
 */
public record GovernanceConfig(
    String jdbcUrl,
    TableName table,
    String user,
    String password,
    Map<String, String> driverProperties,
    int poolSize,
    Duration connectTimeout,
    Duration statementTimeout,
    Duration writeTimeout,
    boolean createTable,
    Duration batchWindow,
    int maxBatchSize,
    int queueCapacity) {

  public static final String DEFAULT_JDBC_URL = "jdbc:sqlite:data/governance.db";
  public static final String DEFAULT_TABLE = "governance";

  /** Default pool size of PostgreSQL; see {@link SqlDialect#defaultPoolSize()}. */
  public static final int DEFAULT_POOL_SIZE = PostgresDialect.DEFAULT_POOL_SIZE;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(180);
  public static final boolean DEFAULT_CREATE_TABLE = true;
  public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(5);
  public static final int DEFAULT_MAX_BATCH_SIZE = 100;
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Hikari refuses connection timeouts below this. */
  public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

  public static final String ENV_JDBC_URL = "GOVERNANCE_JDBC_URL";
  public static final String ENV_TABLE = "GOVERNANCE_TABLE";
  public static final String ENV_USER = "GOVERNANCE_JDBC_USER";
  public static final String ENV_PASSWORD = "GOVERNANCE_JDBC_PASSWORD";
  public static final String ENV_DATABRICKS_TOKEN = "DATABRICKS_TOKEN";
  public static final String ENV_DATABRICKS_CLIENT_ID = "DATABRICKS_CLIENT_ID";
  public static final String ENV_DATABRICKS_CLIENT_SECRET = "DATABRICKS_CLIENT_SECRET";
  public static final String ENV_POOL_SIZE = "GOVERNANCE_POOL_SIZE";
  public static final String ENV_CONNECT_TIMEOUT_MS = "GOVERNANCE_CONNECT_TIMEOUT_MS";
  public static final String ENV_STATEMENT_TIMEOUT_MS = "GOVERNANCE_STATEMENT_TIMEOUT_MS";
  public static final String ENV_WRITE_TIMEOUT_MS = "GOVERNANCE_WRITE_TIMEOUT_MS";
  public static final String ENV_CREATE_TABLE = "GOVERNANCE_CREATE_TABLE";
  public static final String ENV_BATCH_WINDOW_MS = "GOVERNANCE_BATCH_WINDOW_MS";
  public static final String ENV_BATCH_MAX_SIZE = "GOVERNANCE_BATCH_MAX_SIZE";
  public static final String ENV_QUEUE_CAPACITY = "GOVERNANCE_QUEUE_CAPACITY";

  public GovernanceConfig {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("jdbcUrl: must not be blank");
    }
    Objects.requireNonNull(table, "table");
    SqlDialect.forJdbcUrl(jdbcUrl).checkTable(table);
    driverProperties = Map.copyOf(driverProperties == null ? Map.of() : driverProperties);
    requireAtLeast("poolSize", poolSize, 1);
    requireAtLeast("connectTimeout", connectTimeout, MIN_CONNECT_TIMEOUT);
    requireAtLeast("statementTimeout", statementTimeout, Duration.ofSeconds(1));
    requireAtLeast("writeTimeout", writeTimeout, Duration.ofSeconds(1));
    if (writeTimeout.compareTo(statementTimeout) <= 0) {
      throw new IllegalArgumentException(
          "writeTimeout: must be longer than statementTimeout ("
              + statementTimeout.toMillis()
              + " ms), was "
              + writeTimeout.toMillis()
              + " ms");
    }
    requireAtLeast("batchWindow", batchWindow, Duration.ZERO);
    requireAtLeast("maxBatchSize", maxBatchSize, 1);
    requireAtLeast("queueCapacity", queueCapacity, 1);
  }

  /** The dialect selected by {@link #jdbcUrl()}. */
  public SqlDialect dialect() {
    return SqlDialect.forJdbcUrl(jdbcUrl);
  }

  /** The statement timeout in whole seconds (rounded up), as JDBC query timeouts take it. */
  public int statementTimeoutSeconds() {
    return (int) Math.min(Integer.MAX_VALUE, ceilSeconds(statementTimeout));
  }

  static long ceilSeconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** The JDBC URL without its parameters and credentials, safe for logs. */
  public String redactedJdbcUrl() {
    String u = jdbcUrl.replaceAll("//[^/@;?]*@", "//***@");
    int cut = indexOfAny(u, ';', '?');
    return cut < 0 ? u : u.substring(0, cut) + ";…";
  }

  @Override
  public String toString() {
    return "GovernanceConfig[jdbcUrl="
        + redactedJdbcUrl()
        + ", table="
        + table
        + ", user="
        + user
        + ", password="
        + (password == null ? "unset" : "***")
        + ", driverProperties="
        + driverProperties.keySet()
        + ", poolSize="
        + poolSize
        + ", connectTimeout="
        + connectTimeout
        + ", statementTimeout="
        + statementTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", createTable="
        + createTable
        + ", batchWindow="
        + batchWindow
        + ", maxBatchSize="
        + maxBatchSize
        + ", queueCapacity="
        + queueCapacity
        + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.jdbcUrl = jdbcUrl;
    b.table = table.toString();
    b.user = user;
    b.password = password;
    b.driverProperties.putAll(driverProperties);
    b.poolSize = poolSize;
    b.connectTimeout = connectTimeout;
    b.statementTimeout = statementTimeout;
    b.writeTimeout = writeTimeout;
    b.createTable = createTable;
    b.batchWindow = batchWindow;
    b.maxBatchSize = maxBatchSize;
    b.queueCapacity = queueCapacity;
    return b;
  }

  /**
   * Reads the settings from environment variables ({@code GOVERNANCE_*}; see the {@code ENV_*}
   * constants). For a Databricks URL, {@code DATABRICKS_TOKEN} is the password when {@code
   * GOVERNANCE_JDBC_PASSWORD} is unset, and {@code DATABRICKS_CLIENT_ID}/{@code
   * DATABRICKS_CLIENT_SECRET} become the OAuth M2M properties {@code OAuth2ClientId}/{@code
   * OAuth2Secret}.
   *
   * @throws IllegalArgumentException naming the offending variable
   */
  public static GovernanceConfig fromEnv(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    Builder b = builder();
    r.text(ENV_JDBC_URL).ifPresent(b::jdbcUrl);
    r.text(ENV_TABLE).ifPresent(b::table);
    r.text(ENV_USER).ifPresent(b::user);
    r.text(ENV_PASSWORD).ifPresent(b::password);
    if (b.jdbcUrl.startsWith(DatabricksDialect.URL_PREFIX)) {
      if (b.password == null) {
        r.text(ENV_DATABRICKS_TOKEN).ifPresent(b::password);
      }
      r.text(ENV_DATABRICKS_CLIENT_ID)
          .ifPresent(v -> b.driverProperty(DatabricksDialect.PROP_OAUTH_CLIENT_ID, v));
      r.text(ENV_DATABRICKS_CLIENT_SECRET)
          .ifPresent(v -> b.driverProperty(DatabricksDialect.PROP_OAUTH_SECRET, v));
    }
    r.integer(ENV_POOL_SIZE).ifPresent(b::poolSize);
    r.millis(ENV_CONNECT_TIMEOUT_MS).ifPresent(b::connectTimeout);
    r.millis(ENV_STATEMENT_TIMEOUT_MS).ifPresent(b::statementTimeout);
    r.millis(ENV_WRITE_TIMEOUT_MS).ifPresent(b::writeTimeout);
    r.bool(ENV_CREATE_TABLE).ifPresent(b::createTable);
    r.millis(ENV_BATCH_WINDOW_MS).ifPresent(b::batchWindow);
    r.integer(ENV_BATCH_MAX_SIZE).ifPresent(b::maxBatchSize);
    r.integer(ENV_QUEUE_CAPACITY).ifPresent(b::queueCapacity);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      for (Map.Entry<String, String> f : ENV_OF_FIELD.entrySet()) {
        if (message.startsWith(f.getKey() + ":")) {
          message = f.getValue() + " (" + f.getKey() + ")" + message.substring(f.getKey().length());
          break;
        }
      }
      throw new IllegalArgumentException(message, e);
    }
  }

  private static final Map<String, String> ENV_OF_FIELD =
      Map.ofEntries(
          Map.entry("jdbcUrl", ENV_JDBC_URL),
          Map.entry("table", ENV_TABLE),
          Map.entry("poolSize", ENV_POOL_SIZE),
          Map.entry("connectTimeout", ENV_CONNECT_TIMEOUT_MS),
          Map.entry("statementTimeout", ENV_STATEMENT_TIMEOUT_MS),
          Map.entry("writeTimeout", ENV_WRITE_TIMEOUT_MS),
          Map.entry("batchWindow", ENV_BATCH_WINDOW_MS),
          Map.entry("maxBatchSize", ENV_BATCH_MAX_SIZE),
          Map.entry("queueCapacity", ENV_QUEUE_CAPACITY));

  private static void requireAtLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + ": must be >= " + min + ", was " + value);
    }
  }

  private static void requireAtLeast(String field, Duration value, Duration min) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": is required");
    }
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          field + ": must be >= " + min.toMillis() + " ms, was " + value.toMillis() + " ms");
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  /** Mutable builder starting from the defaults; {@link #build()} validates. */
  public static final class Builder {
    private String jdbcUrl = DEFAULT_JDBC_URL;
    private String table = DEFAULT_TABLE;
    private String user;
    private String password;
    private final Map<String, String> driverProperties = new LinkedHashMap<>();
    private Integer poolSize;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private boolean createTable = DEFAULT_CREATE_TABLE;
    private Duration batchWindow = DEFAULT_BATCH_WINDOW;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

    private Builder() {}

    public Builder jdbcUrl(String v) {
      this.jdbcUrl = v;
      return this;
    }

    public Builder table(String v) {
      this.table = v;
      return this;
    }

    public Builder user(String v) {
      this.user = v;
      return this;
    }

    public Builder password(String v) {
      this.password = v;
      return this;
    }

    public Builder driverProperty(String key, String value) {
      this.driverProperties.put(key, value);
      return this;
    }

    public Builder poolSize(int v) {
      this.poolSize = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      this.connectTimeout = v;
      return this;
    }

    public Builder statementTimeout(Duration v) {
      this.statementTimeout = v;
      return this;
    }

    public Builder writeTimeout(Duration v) {
      this.writeTimeout = v;
      return this;
    }

    public Builder createTable(boolean v) {
      this.createTable = v;
      return this;
    }

    public Builder batchWindow(Duration v) {
      this.batchWindow = v;
      return this;
    }

    public Builder maxBatchSize(int v) {
      this.maxBatchSize = v;
      return this;
    }

    public Builder queueCapacity(int v) {
      this.queueCapacity = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public GovernanceConfig build() {
      return new GovernanceConfig(
          jdbcUrl,
          TableName.parse(table),
          user,
          password,
          driverProperties,
          poolSize != null ? poolSize : SqlDialect.forJdbcUrl(jdbcUrl).defaultPoolSize(),
          connectTimeout,
          statementTimeout,
          writeTimeout,
          createTable,
          batchWindow,
          maxBatchSize,
          queueCapacity);
    }
  }

  private record EnvReader(Map<String, String> env) {
    java.util.Optional<String> text(String name) {
      String v = env.get(name);
      return v == null || v.isBlank()
          ? java.util.Optional.empty()
          : java.util.Optional.of(v.trim());
    }

    java.util.Optional<Integer> integer(String name) {
      return text(name)
          .map(
              v -> {
                try {
                  return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                  throw new IllegalArgumentException(
                      name + ": must be an integer, was '" + v + "'", e);
                }
              });
    }

    java.util.Optional<Duration> millis(String name) {
      return text(name)
          .map(
              v -> {
                try {
                  return Duration.ofMillis(Long.parseLong(v));
                } catch (NumberFormatException e) {
                  throw new IllegalArgumentException(
                      name + ": must be a whole number of milliseconds, was '" + v + "'", e);
                }
              });
    }

    java.util.Optional<Boolean> bool(String name) {
      return text(name)
          .map(
              v ->
                  switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default ->
                        throw new IllegalArgumentException(
                            name + ": must be true or false, was '" + v + "'");
                  });
    }
  }
}
