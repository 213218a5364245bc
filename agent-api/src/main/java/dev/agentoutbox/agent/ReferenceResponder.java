package dev.agentoutbox.agent;

import dev.agentoutbox.agent.classify.RuleIntentClassifier;
import dev.agentoutbox.agent.llm.LlmRequest;
import dev.agentoutbox.agent.llm.OfflineResponder;
import dev.agentoutbox.agent.synthesis.AnswerTemplates;

/**
 * The deterministic "model" behind the reference agent: keyword rules classify, templates
 * synthesize, and the validator passes a draft exactly when the phase 6 rules found nothing.
 */
public final class ReferenceResponder implements OfflineResponder {
  public static final String PASS = "PASS";
  public static final String NO_VIOLATIONS = "none";

  private final RuleIntentClassifier classifier = new RuleIntentClassifier();

  @Override
  public String respond(LlmRequest request) {
    return switch (request.phase()) {
      case CLASSIFICATION -> classifier.classify(request.variable("query")).key();
      case SYNTHESIS -> AnswerTemplates.render(request.variables());
      case VALIDATION -> {
        String violations = request.variable("rule_violations");
        yield NO_VIOLATIONS.equals(violations) ? PASS : "FAIL: " + violations;
      }
    };
  }
}
