package dev.agentoutbox.agent.anonymize;

/** Kinds of PII the anonymizer replaces; the name is the token prefix, e.g. {@code <EMAIL_1>}. */
public enum PiiType {
  PERSON,
  EMAIL,
  PHONE,
  MEMBER_ID,
  ACCOUNT,
  DATE,
  NUMBER
}
