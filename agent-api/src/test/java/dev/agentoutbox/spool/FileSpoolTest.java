package dev.agentoutbox.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpoolTest {
  @TempDir Path dir;

  @Test
  void relaysInAppendOrderAndForgetsWhatWasRelayed() throws Exception {
    try (FileSpool spool = new FileSpool(dir, 1 << 20)) {
      for (int i = 0; i < 250; i++) {
        spool.append("id-" + i, "{\"n\":" + i + "}");
      }
      assertThat(spool.depth()).isEqualTo(250);
      List<String> seen = new ArrayList<>();
      assertThat(spool.relay((id, json) -> seen.add(id))).isEqualTo(250);
      assertThat(seen).hasSize(250).startsWith("id-0", "id-1").endsWith("id-249");
      assertThat(spool.depth()).isZero();
      assertThat(spool.pendingBytes()).isZero();
    }
  }

  @Test
  void aFailingConsumerStopsTheRelayAndTheRecordStaysPending() throws Exception {
    try (FileSpool spool = new FileSpool(dir, 1 << 20)) {
      spool.append("a", "{}");
      spool.append("b", "{}");
      List<String> seen = new ArrayList<>();
      long n =
          spool.relay(
              (id, json) -> {
                if (id.equals("b")) {
                  throw new IllegalStateException("redis down");
                }
                seen.add(id);
              });
      assertThat(n).isEqualTo(1);
      assertThat(spool.depth()).isEqualTo(1);
      spool.relay((id, json) -> seen.add(id));
      assertThat(seen).containsExactly("a", "b");
    }
  }

  @Test
  void pendingRecordsSurviveARestartAndRelayedOnesDoNotComeBack() throws Exception {
    try (FileSpool spool = new FileSpool(dir, 1 << 20)) {
      spool.append("a", "{}");
      spool.append("b", "{}");
      spool.relay(
          (id, json) -> {
            if (!id.equals("a")) {
              throw new IllegalStateException("stop");
            }
          });
    }
    try (FileSpool again = new FileSpool(dir, 1 << 20)) {
      assertThat(again.depth()).isEqualTo(1);
      List<String> seen = new ArrayList<>();
      again.relay((id, json) -> seen.add(id));
      assertThat(seen).containsExactly("b");
    }
  }

  @Test
  void aTornLastRecordFromACrashIsDroppedAndAppendsContinueCleanly() throws Exception {
    try (FileSpool spool = new FileSpool(dir, 1 << 20)) {
      spool.append("a", "{}");
    }
    Path segment;
    try (var files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
    }
    Files.write(
        segment,
        "deadbeef\tb\t{\"trunc".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (FileSpool again = new FileSpool(dir, 1 << 20)) {
      assertThat(again.depth()).isEqualTo(1);
      again.append("c", "{}");
      List<String> seen = new ArrayList<>();
      again.relay((id, json) -> seen.add(id));
      assertThat(seen).containsExactly("a", "c");
    }
  }

  @Test
  void aFullSpoolRefusesNewRecordsWithoutWritingThem() throws Exception {
    try (FileSpool spool = new FileSpool(dir, 1024)) {
      String big = "{\"x\":\"" + "y".repeat(400) + "\"}";
      spool.append("a", big);
      spool.append("b", big);
      assertThatThrownBy(() -> spool.append("c", big))
          .isInstanceOf(SpoolFullException.class)
          .hasMessageContaining("spool full");
      assertThat(spool.depth()).isEqualTo(2);
      spool.relay((id, json) -> {});
      spool.append("c", big);
      assertThat(spool.depth()).isEqualTo(1);
    }
  }
}
