package dev.agentoutbox.cli;

import dev.agentoutbox.sink.mlflow.MlflowCallException;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Turns failures into one line on stderr and a distinct exit code; the stack trace only with {@code
 * --verbose}. Commands other than the operator commands ({@code run}) keep picocli's default
 * handling.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Jedis' message around every connection failure, which says nothing by itself. */
  private static final String POOL_WRAPPER = "Could not get a resource from the pool";

  /** A classified failure. */
  record Failure(int exitCode, String message) {}

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (!(cmd.getCommand() instanceof OperatorCommand command)) {
      ex.printStackTrace(err);
      err.flush();
      return cmd.getCommandSpec().exitCodeOnExecutionException();
    }
    Failure f = classify(ex, command);
    err.println(command.qualifiedName() + ": " + f.message());
    if (verbose(parseResult)) {
      ex.printStackTrace(err);
    } else if (f.exitCode() == ExitCodes.INTERNAL) {
      err.println("run again with --verbose to see the stack trace");
    }
    err.flush();
    return f.exitCode();
  }

  static Failure classify(Throwable ex, OperatorCommand command) {
    if (ex instanceof CliException c) {
      return new Failure(c.exitCode(), oneLine(c.getMessage()));
    }
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CliException c) {
        return new Failure(c.exitCode(), oneLine(c.getMessage()));
      }
      if (t instanceof JedisConnectionException) {
        return failure(ExitCodes.REDIS_UNAVAILABLE, "Redis", "unreachable", t, command);
      }
      if (t instanceof JedisDataException) {
        return failure(ExitCodes.REDIS_UNAVAILABLE, "Redis", "refused the command", t, command);
      }
      if (t instanceof JedisException) {
        return failure(ExitCodes.REDIS_UNAVAILABLE, "Redis", "failed", t, command);
      }
      if (t instanceof SQLException) {
        return failure(ExitCodes.DATABASE_UNAVAILABLE, "governance database", "failed", t, command);
      }
      if (t instanceof MlflowCallException m) {
        return failure(
            ExitCodes.MLFLOW_UNAVAILABLE,
            "MLflow",
            m.httpStatus() == 0 ? "unreachable" : "answered HTTP " + m.httpStatus(),
            t,
            command);
      }
    }
    return new Failure(ExitCodes.INTERNAL, "unexpected error: " + oneLine(ex.toString()));
  }

  private static Failure failure(
      int code, String system, String what, Throwable t, OperatorCommand command) {
    String target = command == null ? null : command.targetOf(code);
    return new Failure(
        code, (target == null ? system : target) + " " + what + ": " + messageChain(t));
  }

  /** The message of {@code t} followed by its root cause's when that adds something. */
  static String messageChain(Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg = msg.startsWith(POOL_WRAPPER) ? root.getMessage() : msg + " (" + root.getMessage() + ")";
    }
    return oneLine(msg);
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    return line.length() > 500 ? line.substring(0, 500) + "…" : line;
  }

  static boolean verbose(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
