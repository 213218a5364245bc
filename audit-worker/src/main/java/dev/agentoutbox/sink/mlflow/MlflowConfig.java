package dev.agentoutbox.sink.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the MLflow sink and reader.
 *
 * @param trackingUri base URI of the tracking server, http or https, without trailing slash
 * @param token bearer token sent as {@code Authorization: Bearer}; {@code null} for none
 * @param username basic-auth user (MLflow auth app); {@code null} unless {@code password} is set
 * @param password basic-auth password; {@code null} unless {@code username} is set
 * @param experimentName the experiment holding one run per audit id
 * @param callDeadline the longest any single MLflow call may take before it fails as transient
 */
public record MlflowConfig(
    URI trackingUri,
    String token,
    String username,
    String password,
    String experimentName,
    Duration callDeadline) {

  public static final String ENV_TRACKING_URI = "MLFLOW_TRACKING_URI";
  public static final String ENV_TOKEN = "MLFLOW_TRACKING_TOKEN";
  public static final String ENV_USERNAME = "MLFLOW_TRACKING_USERNAME";
  public static final String ENV_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  public static final String ENV_EXPERIMENT = "MLFLOW_EXPERIMENT";
  public static final String ENV_CALL_DEADLINE_MS = "MLFLOW_CALL_DEADLINE_MS";

  public static final String DEFAULT_EXPERIMENT = "agent-outbox";
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(10);
  public static final Duration MAX_CALL_DEADLINE = Duration.ofMinutes(5);
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

  public MlflowConfig {
    trackingUri = validateTrackingUri(trackingUri);
    token = blankToNull(token);
    username = blankToNull(username);
    password = blankToNull(password);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "MlflowConfig.username/password ("
              + ENV_USERNAME
              + "/"
              + ENV_PASSWORD
              + "): set both or neither");
    }
    if (experimentName == null || experimentName.isBlank()) {
      throw new IllegalArgumentException(
          "MlflowConfig.experimentName (" + ENV_EXPERIMENT + "): must not be blank");
    }
    if (experimentName.length() > MAX_EXPERIMENT_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "MlflowConfig.experimentName ("
              + ENV_EXPERIMENT
              + "): longer than "
              + MAX_EXPERIMENT_NAME_LENGTH
              + " characters");
    }
    if (callDeadline == null
        || callDeadline.isNegative()
        || callDeadline.isZero()
        || callDeadline.compareTo(MAX_CALL_DEADLINE) > 0) {
      throw new IllegalArgumentException(
          "MlflowConfig.callDeadline ("
              + ENV_CALL_DEADLINE_MS
              + "): must be > 0 and <= "
              + MAX_CALL_DEADLINE
              + ", was "
              + callDeadline);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@value #ENV_TRACKING_URI} (required), {@value #ENV_TOKEN}, {@value #ENV_USERNAME},
   * {@value #ENV_PASSWORD}, {@value #ENV_EXPERIMENT} (default {@value #DEFAULT_EXPERIMENT}) and
   * {@value #ENV_CALL_DEADLINE_MS} (default 10000).
   *
   * @throws IllegalArgumentException naming the variable at fault
   */
  public static MlflowConfig fromEnv(Map<String, String> env) {
    Builder b = builder();
    String uri = env.get(ENV_TRACKING_URI);
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(
          "MlflowConfig.trackingUri ("
              + ENV_TRACKING_URI
              + "): is required, e.g. http://mlflow:5000");
    }
    b.trackingUri(uri.trim());
    b.token(env.get(ENV_TOKEN));
    b.basicAuth(env.get(ENV_USERNAME), env.get(ENV_PASSWORD));
    String experiment = env.get(ENV_EXPERIMENT);
    if (experiment != null && !experiment.isBlank()) {
      b.experimentName(experiment.trim());
    }
    String deadline = env.get(ENV_CALL_DEADLINE_MS);
    if (deadline != null && !deadline.isBlank()) {
      try {
        b.callDeadline(Duration.ofMillis(Long.parseLong(deadline.trim())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "MlflowConfig.callDeadline ("
                + ENV_CALL_DEADLINE_MS
                + "): must be a number of milliseconds, was '"
                + deadline
                + "'");
      }
    }
    return b.build();
  }

  public boolean hasToken() {
    return token != null;
  }

  /** Never prints secrets. */
  @Override
  public String toString() {
    return "MlflowConfig[trackingUri="
        + trackingUri
        + ", token="
        + (token == null ? "none" : "***")
        + ", username="
        + (username == null ? "none" : username)
        + ", experimentName="
        + experimentName
        + ", callDeadline="
        + callDeadline
        + "]";
  }

  private static URI validateTrackingUri(URI uri) {
    String field = "MlflowConfig.trackingUri (" + ENV_TRACKING_URI + "): ";
    if (uri == null) {
      throw new IllegalArgumentException(field + "is required");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          field + "must be an http(s) URI such as http://mlflow:5000, was '" + uri + "'");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException(field + "has no host: '" + uri + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          field + "must not have a query or fragment: '" + uri + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          field + "must not embed credentials: use " + ENV_TOKEN + " or " + ENV_USERNAME);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private URI trackingUri;
    private String token;
    private String username;
    private String password;
    private String experimentName = DEFAULT_EXPERIMENT;
    private Duration callDeadline = DEFAULT_CALL_DEADLINE;

    private Builder() {}

    public Builder trackingUri(URI v) {
      this.trackingUri = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the field when {@code v} is not a URI
     */
    public Builder trackingUri(String v) {
      if (v == null) {
        this.trackingUri = null;
        return this;
      }
      try {
        this.trackingUri = new URI(v);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "MlflowConfig.trackingUri (" + ENV_TRACKING_URI + "): not a URI: " + e.getMessage());
      }
      return this;
    }

    public Builder token(String v) {
      this.token = v;
      return this;
    }

    public Builder basicAuth(String user, String pass) {
      this.username = user;
      this.password = pass;
      return this;
    }

    public Builder experimentName(String v) {
      this.experimentName = v;
      return this;
    }

    public Builder callDeadline(Duration v) {
      this.callDeadline = v;
      return this;
    }

    public MlflowConfig build() {
      return new MlflowConfig(trackingUri, token, username, password, experimentName, callDeadline);
    }
  }
}
