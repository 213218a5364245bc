package dev.agentoutbox.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  private final PostgresServer postgres = PostgresServer.shared();

  @Test
  void createsAFreshDatabaseThatAcceptsQueries() throws Exception {
    String url = postgres.createDatabase("testkit_governance");

    try (Connection connection = postgres.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE governance (audit_id TEXT PRIMARY KEY, user_id TEXT, cost DOUBLE"
              + " PRECISION)");
      statement.execute(
          "INSERT INTO governance VALUES ('a1', 'IN003', 0.25) ON CONFLICT (audit_id) DO NOTHING");
      statement.execute(
          "INSERT INTO governance VALUES ('a1', 'IN003', 0.25) ON CONFLICT (audit_id) DO NOTHING");
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT current_database(), count(*), sum(cost) FROM governance"
                  + " WHERE user_id = 'IN003'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("testkit_governance");
        assertThat(rows.getLong(2)).isEqualTo(1);
        assertThat(rows.getDouble(3)).isEqualTo(0.25);
      }
    }

    String again = postgres.createDatabase("testkit_governance");
    try (Connection connection = postgres.connect(again);
        ResultSet tables = connection.getMetaData().getTables(null, "public", "governance", null)) {
      assertThat(tables.next()).as("table left over in a re-created database").isFalse();
    }
  }

  @Test
  void sharedIsOneServerPerJvm() throws Exception {
    assertThat(PostgresServer.shared()).isSameAs(postgres);
    String url = postgres.createUniqueDatabase("TestKit");
    assertThat(url).matches("jdbc:postgresql://.*/testkit_[0-9a-f]{12}(\\?.*)?");
    try (Connection connection = postgres.connect(postgres.jdbcUrl());
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT current_user, version()")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(postgres.user());
      assertThat(rows.getString(2)).startsWith("PostgreSQL");
    }
  }

  @Test
  void rejectsDatabaseNamesThatNeedQuoting() {
    assertThatThrownBy(() -> postgres.createDatabase("x; DROP DATABASE postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database name");
  }

  @Test
  void acceptsExternalServersAsJdbcOrLibpqUrls() {
    PostgresServer jdbc =
        PostgresServer.external("jdbc:postgresql://db:5433/app?sslmode=require", "u", "p");
    assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/app?sslmode=require");
    assertThat(jdbc.urlOfDatabase("other"))
        .isEqualTo("jdbc:postgresql://db:5433/other?sslmode=require");
    assertThat(jdbc.user()).isEqualTo("u");
    assertThat(jdbc.password()).isEqualTo("p");

    PostgresServer libpq =
        PostgresServer.external("postgres://alice:s%40cret@db.example:6543/app", null, null);
    assertThat(libpq.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
    assertThat(libpq.user()).isEqualTo("alice");
    assertThat(libpq.password()).isEqualTo("s@cret");

    PostgresServer bare = PostgresServer.external("jdbc:postgresql://db/app", null, null);
    assertThat(bare.user()).isEqualTo(PostgresServer.DEFAULT_USER);
    assertThat(bare.password()).isEmpty();

    assertThatThrownBy(() -> PostgresServer.external("mysql://db/app", null, null))
        .hasMessageContaining(PostgresServer.ENV_URL);
  }
}
