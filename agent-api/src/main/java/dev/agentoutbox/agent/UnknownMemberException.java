package dev.agentoutbox.agent;

/** Phase 1 found no member with this id in this country. */
public final class UnknownMemberException extends Exception {
  private final String userId;
  private final String country;

  public UnknownMemberException(String userId, String country) {
    super("no member " + userId + " in country " + country);
    this.userId = userId;
    this.country = country;
  }

  public String userId() {
    return userId;
  }

  public String country() {
    return country;
  }
}
