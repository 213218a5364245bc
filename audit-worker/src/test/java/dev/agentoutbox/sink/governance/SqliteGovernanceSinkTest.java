package dev.agentoutbox.sink.governance;

import static dev.agentoutbox.sink.governance.GovernanceFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The governance contract on a real SQLite file. */
class SqliteGovernanceSinkTest extends GovernanceSinkContract {
  @TempDir Path dir;

  @Override
  protected GovernanceConfig.Builder config(String table) {
    return GovernanceConfig.builder()
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("governance.db"))
        .table(table);
  }

  /** Another connection holds the write lock until the outage ends. */
  @Override
  protected AutoCloseable startOutage(GovernanceConfig config) throws Exception {
    Connection locker = rawConnection(config);
    try (Statement s = locker.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
    }
    return () -> {
      try (Statement s = locker.createStatement()) {
        s.execute("ROLLBACK");
      }
    };
  }

  @Test
  void createsTheDatabaseDirectoryAndUsesWal() throws Exception {
    Path file = dir.resolve("nested/deeper/governance.db");
    GovernanceConfig config =
        GovernanceConfig.builder().jdbcUrl("jdbc:sqlite:" + file).table(table).build();

    GovernanceSink sink = open(config);
    write(sink, payload());

    assertThat(Files.exists(file)).isTrue();
    try (Statement s = rawConnection(config).createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void qualifiedTableNamesAreRefused() {
    assertThatThrownBy(() -> config("audit.governance").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table:");
  }
}
