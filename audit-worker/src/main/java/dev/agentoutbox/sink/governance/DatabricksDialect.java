package dev.agentoutbox.sink.governance;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * Databricks SQL (Delta): no enforced primary key, so the write is an insert-only {@code MERGE INTO
 * ... USING (VALUES ...) ON t.audit_id = s.audit_id WHEN NOT MATCHED THEN INSERT}, which stays
 * idempotent when the driver re-sends a request after a 503/429. The driver accepts at most {@value
 * #MAX_PARAMETERS} parameters per statement, so a batch is split into statements of {@code 256 /
 * columns} rows; each statement is its own Delta commit. Every placeholder is cast to its column
 * type so the VALUES table has the target's types; timestamps are bound as ISO-8601 UTC text.
 *
 * <p>The token is passed as the {@code PWD} property ({@code AuthMech=3;UID=token} in the URL); for
 * OAuth M2M put {@code AuthMech=11;Auth_Flow=1} in the URL and the client id and secret in the
 * driver properties {@value #PROP_OAUTH_CLIENT_ID} and {@value #PROP_OAUTH_SECRET}.
 */
public final class DatabricksDialect implements SqlDialect {
  public static final String URL_PREFIX = "jdbc:databricks:";
  public static final int MAX_PARAMETERS = 256;
  public static final String PROP_USER = "UID";
  public static final String PROP_PASSWORD = "PWD";
  public static final String PROP_OAUTH_CLIENT_ID = "OAuth2ClientId";
  public static final String PROP_OAUTH_SECRET = "OAuth2Secret";

  static final String TARGET_ALIAS = "t";
  static final String SOURCE_ALIAS = "s";

  /**
   * Eight statements at once: with {@value #MAX_PARAMETERS} parameters a statement carries 21 rows,
   * so at ~1 s per statement eight reach ~168 rows/s.
   */
  public static final int DEFAULT_POOL_SIZE = 8;

  @Override
  public int defaultPoolSize() {
    return DEFAULT_POOL_SIZE;
  }

  @Override
  public String name() {
    return "databricks";
  }

  @Override
  public String driverClassName() {
    return "com.databricks.client.jdbc.Driver";
  }

  @Override
  public void checkTable(TableName table) {
    // one to three parts (catalog.schema.table) are all valid in Unity Catalog
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier + "`";
  }

  @Override
  public String sqlType(GovernanceColumn column) {
    return switch (column.type()) {
      case TEXT -> "STRING";
      case DOUBLE -> "DOUBLE";
      case BIGINT -> "BIGINT";
      case INT -> "INT";
      case TIMESTAMP -> "TIMESTAMP";
    };
  }

  @Override
  public List<String> createTableStatements(TableName table) {
    return List.of(
        SqlText.createTableHead(this, table, "")
            + ") USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
  }

  @Override
  public int maxParametersPerStatement() {
    return MAX_PARAMETERS;
  }

  @Override
  public String writeSql(TableName table, int rows) {
    if (rows > maxRowsPerStatement()) {
      throw new IllegalArgumentException(
          "rows: at most " + maxRowsPerStatement() + " per statement, was " + rows);
    }
    String t = TARGET_ALIAS;
    String s = SOURCE_ALIAS;
    String auditId = quote(GovernanceColumn.AUDIT_ID.sqlName());
    return "MERGE INTO "
        + qualified(table)
        + " AS "
        + t
        + " USING (VALUES "
        + SqlText.valueRows(rows, c -> "CAST(? AS " + sqlType(c) + ")")
        + ") AS "
        + s
        + "("
        + SqlText.columns(c -> quote(c.sqlName()))
        + ") ON "
        + t
        + "."
        + auditId
        + " = "
        + s
        + "."
        + auditId
        + " WHEN NOT MATCHED THEN INSERT ("
        + SqlText.columns(c -> quote(c.sqlName()))
        + ") VALUES ("
        + SqlText.columns(c -> s + "." + quote(c.sqlName()))
        + ")";
  }

  @Override
  public boolean transactional() {
    return false;
  }

  @Override
  public boolean keepIdleConnections() {
    return false;
  }

  @Override
  public Properties driverProperties(GovernanceConfig config) {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty(PROP_USER, config.user());
    }
    if (config.password() != null) {
      p.setProperty(PROP_PASSWORD, config.password());
    }
    p.putAll(config.driverProperties());
    return p;
  }

  @Override
  public void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    ps.setString(index, value.toString());
  }
}
