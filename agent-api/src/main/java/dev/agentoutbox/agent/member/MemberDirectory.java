package dev.agentoutbox.agent.member;

import java.util.Optional;

/** Phase 1 source of member records. */
public interface MemberDirectory {

  /** The member with this id in this country, or empty when there is none. */
  Optional<Member> find(String userId, String country);
}
