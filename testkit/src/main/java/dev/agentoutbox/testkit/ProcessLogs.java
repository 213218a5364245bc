package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the end of a server's log file for error messages. */
public final class ProcessLogs {

  /** Lines of log quoted in startup failure messages. */
  public static final int DEFAULT_TAIL_LINES = 40;

  private static final int MAX_TAIL_BYTES = 16 * 1024;

  private ProcessLogs() {}

  /** The last {@code lines} lines of {@code logFile}, or a note saying why there are none. */
  public static String tail(Path logFile, int lines) {
    if (logFile == null || !Files.isRegularFile(logFile)) {
      return "(no log file at " + logFile + ")";
    }
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(length, MAX_TAIL_BYTES);
      byte[] bytes = new byte[size];
      file.seek(length - size);
      file.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, all.length - lines);
      String text =
          String.join(
              System.lineSeparator(), java.util.Arrays.asList(all).subList(from, all.length));
      return text.isBlank() ? "(log file " + logFile + " is empty)" : text;
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** {@link #tail(Path, int)} with {@link #DEFAULT_TAIL_LINES}. */
  public static String tail(Path logFile) {
    return tail(logFile, DEFAULT_TAIL_LINES);
  }
}
