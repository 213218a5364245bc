package dev.agentoutbox.sink.mlflow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP front of a real MLflow server that injects network faults: pass requests through, accept
 * and never answer, or answer HTTP 429 to everything. The mode is read per connection (blackhole)
 * or per request (429).
 */
final class FaultProxy implements AutoCloseable {
  enum Mode {
    PASS,
    BLACKHOLE,
    TOO_MANY_REQUESTS
  }

  private static final byte[] TOO_MANY =
      ("HTTP/1.1 429 Too Many Requests\r\n"
              + "Content-Type: application/json\r\n"
              + "Content-Length: 64\r\n"
              + "\r\n"
              + String.format("%-64s", "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\"}"))
          .getBytes(StandardCharsets.US_ASCII);

  private final URI target;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final AtomicInteger tooManyAnswers = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;

  FaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  void mode(Mode m) {
    this.mode = m;
  }

  /** The request line and headers of requests seen (the first of each passed connection). */
  List<String> requestHeads() {
    return List.copyOf(requestHeads);
  }

  int tooManyAnswers() {
    return tooManyAnswers.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> handle(s), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      if (mode == Mode.BLACKHOLE) {
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String headText = new String(head, StandardCharsets.ISO_8859_1);
        requestHeads.add(headText);
        if (mode == Mode.TOO_MANY_REQUESTS) {
          in.readNBytes(contentLength(headText));
          tooManyAnswers.incrementAndGet();
          out.write(TOO_MANY);
          out.flush();
          continue;
        }
        pass(client, head);
        return;
      }
    } catch (IOException e) {
      // connection closed by either side
    } finally {
      sockets.remove(client);
    }
  }

  private void pass(Socket client, byte[] head) throws IOException {
    try (Socket upstream = new Socket()) {
      upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()));
      sockets.add(upstream);
      upstream.getOutputStream().write(head);
      Thread back =
          new Thread(
              () -> {
                try {
                  upstream.getInputStream().transferTo(client.getOutputStream());
                } catch (IOException e) {
                  // closed
                } finally {
                  try {
                    client.close();
                  } catch (IOException ignored) {
                    // closing
                  }
                }
              },
              "fault-proxy-back");
      back.setDaemon(true);
      back.start();
      client.getInputStream().transferTo(upstream.getOutputStream());
    } finally {
      sockets.removeIf(Socket::isClosed);
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return buf.toByteArray();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
