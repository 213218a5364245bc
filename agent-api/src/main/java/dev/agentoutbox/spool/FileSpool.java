package dev.agentoutbox.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Spool} in append-only segment files: {@code segment-<n>.log}, one record per line, {@code
 * <crc32>\t<audit id>\t<payload json>}. A torn last line (a crash in the middle of an append,
 * before the caller was told the record was kept) fails its checksum and is skipped. The relay
 * position is a small {@code cursor} file replaced atomically.
 */
public final class FileSpool implements Spool {
  private static final Logger LOG = LoggerFactory.getLogger(FileSpool.class);
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  public static final long SEGMENT_BYTES = 16L * 1024 * 1024;
  private static final int CURSOR_EVERY = 100;

  private final Path dir;
  private final long maxBytes;
  private final Object appendLock = new Object();
  private final Object relayLock = new Object();
  private FileChannel active;
  private long activeSeq;
  private volatile long depth;
  private volatile long pendingBytes;
  private long cursorSeq;
  private long cursorOffset;

  public FileSpool(Path dir, long maxBytes) throws IOException {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("SPOOL_MAX_BYTES: must be >= 1024, was " + maxBytes);
    }
    this.dir = dir;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    readCursor();
    List<Long> segments = segments();
    activeSeq = segments.isEmpty() ? Math.max(1, cursorSeq) : segments.get(segments.size() - 1);
    if (cursorSeq == 0) {
      cursorSeq = segments.isEmpty() ? activeSeq : segments.get(0);
    }
    countPending();
    active = open(activeSeq);
    if (depth > 0) {
      LOG.warn(
          "spool {} holds {} audit records not yet relayed to Redis; relaying them in order",
          dir,
          depth);
    }
  }

  private FileChannel open(long seq) throws IOException {
    FileChannel ch =
        FileChannel.open(
            segment(seq),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    syncDir();
    return ch;
  }

  private Path segment(long seq) {
    return dir.resolve(String.format("segment-%020d.log", seq));
  }

  private List<Long> segments() throws IOException {
    List<Long> seqs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("segment-") && n.endsWith(".log"))
          .forEach(n -> seqs.add(Long.parseLong(n.substring(8, n.length() - 4))));
    }
    seqs.sort(Long::compare);
    return seqs;
  }

  @Override
  public void append(String auditId, String payloadJson) throws IOException {
    if (payloadJson.indexOf('\n') >= 0 || auditId.indexOf('\t') >= 0) {
      throw new IllegalArgumentException("spool records must be single-line");
    }
    String body = auditId + "\t" + payloadJson;
    CRC32 crc = new CRC32();
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    crc.update(bodyBytes);
    byte[] line =
        (String.format("%08x", crc.getValue()) + "\t" + body + "\n")
            .getBytes(StandardCharsets.UTF_8);
    synchronized (appendLock) {
      if (pendingBytes + line.length > maxBytes) {
        throw new SpoolFullException(
            "spool full: " + pendingBytes + " of " + maxBytes + " bytes pending relay to Redis");
      }
      if (active.size() + line.length > SEGMENT_BYTES && active.size() > 0) {
        active.force(true);
        active.close();
        activeSeq++;
        active = open(activeSeq);
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        active.write(buf);
      }
      active.force(false);
      pendingBytes += line.length;
      depth++;
    }
  }

  @Override
  public long relay(Consumer consumer) throws IOException {
    synchronized (relayLock) {
      long handed = 0;
      int sinceCursor = 0;
      try {
        while (depth > 0) {
          long seq = cursorSeq;
          Path file = segment(seq);
          if (!Files.exists(file)) {
            if (seq >= activeSeqSnapshot()) {
              break;
            }
            cursorSeq = seq + 1;
            cursorOffset = 0;
            continue;
          }
          boolean progressed = false;
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (byte[] lineBytes : completeLines(ch, cursorOffset)) {
              String line = new String(lineBytes, StandardCharsets.UTF_8);
              long len = lineBytes.length + 1L;
              Record r = parse(line);
              if (r != null) {
                try {
                  consumer.accept(r.auditId, r.json);
                } catch (Exception e) {
                  return handed;
                }
                handed++;
                synchronized (appendLock) {
                  depth--;
                  pendingBytes -= len;
                }
              } else {
                LOG.warn("spool {}: skipped a corrupt record at offset {}", file, cursorOffset);
                synchronized (appendLock) {
                  pendingBytes -= len;
                }
              }
              cursorOffset += len;
              progressed = true;
              if (++sinceCursor >= CURSOR_EVERY) {
                writeCursor();
                sinceCursor = 0;
              }
            }
          }
          if (seq < activeSeqSnapshot()) {
            cursorSeq = seq + 1;
            cursorOffset = 0;
            writeCursor();
            Files.deleteIfExists(file);
            syncDir();
          } else if (!progressed) {
            break;
          }
        }
        return handed;
      } finally {
        writeCursor();
      }
    }
  }

  /** Newline-terminated lines from {@code offset}; a line still being written is left out. */
  private static List<byte[]> completeLines(FileChannel ch, long offset) throws IOException {
    long size = ch.size();
    List<byte[]> lines = new ArrayList<>();
    if (size <= offset) {
      return lines;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, Integer.MAX_VALUE - 8));
    ch.read(buf, offset);
    byte[] bytes = buf.array();
    int n = buf.position();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (bytes[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    return lines;
  }

  private long activeSeqSnapshot() {
    synchronized (appendLock) {
      return activeSeq;
    }
  }

  private record Record(String auditId, String json) {}

  private static Record parse(String line) {
    int t1 = line.indexOf('\t');
    if (t1 != 8) {
      return null;
    }
    String body = line.substring(9);
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    if (!String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
      return null;
    }
    int t2 = body.indexOf('\t');
    return t2 < 0 ? null : new Record(body.substring(0, t2), body.substring(t2 + 1));
  }

  private void countPending() throws IOException {
    long records = 0;
    long bytes = 0;
    List<Long> all = segments();
    for (long seq : all) {
      if (seq < cursorSeq) {
        Files.deleteIfExists(segment(seq));
        continue;
      }
      long offset = seq == cursorSeq ? cursorOffset : 0;
      long complete = 0;
      try (FileChannel ch =
          FileChannel.open(segment(seq), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        for (byte[] line : completeLines(ch, 0)) {
          long len = line.length + 1L;
          if (complete >= offset) {
            bytes += len;
            if (parse(new String(line, StandardCharsets.UTF_8)) != null) {
              records++;
            }
          }
          complete += len;
        }
        if (ch.size() > complete) {
          LOG.warn(
              "spool {}: dropping a torn record of {} bytes at the end (a crash during an append"
                  + " that was never acknowledged)",
              segment(seq),
              ch.size() - complete);
          ch.truncate(complete);
          ch.force(true);
        }
      }
    }
    depth = records;
    pendingBytes = bytes;
  }

  private void readCursor() throws IOException {
    Path c = dir.resolve("cursor");
    if (!Files.exists(c)) {
      return;
    }
    String[] parts = Files.readString(c).trim().split(" ");
    if (parts.length == 2) {
      cursorSeq = Long.parseLong(parts[0]);
      cursorOffset = Long.parseLong(parts[1]);
    }
  }

  private void writeCursor() throws IOException {
    Path tmp = dir.resolve("cursor.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((cursorSeq + " " + cursorOffset).getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    try {
      Files.move(
          tmp,
          dir.resolve("cursor"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING);
    }
    syncDir();
  }

  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the file contents are still fsync'd.
    }
  }

  @Override
  public long depth() {
    return depth;
  }

  @Override
  public long pendingBytes() {
    return pendingBytes;
  }

  @Override
  public long maxBytes() {
    return maxBytes;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    synchronized (appendLock) {
      active.force(true);
      active.close();
    }
  }
}
