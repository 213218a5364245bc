package dev.agentoutbox.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code audit-worker completion}: the bash/zsh completion script. */
@Command(
    name = "completion",
    header = "Prints the bash/zsh completion script.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bash completion script for the 'audit-worker' command (zsh: run 'autoload -U"
          + " +X bashcompinit && bashcompinit' first). It completes commands, options, dead-letter"
          + " reasons and sinks. 'audit-worker' must be on the PATH, e.g. a wrapper script running"
          + " 'exec java -jar /opt/audit-worker.jar \"$@\"'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(audit-worker completion)",
      "  audit-worker completion > /etc/bash_completion.d/audit-worker"
    })
final class CompletionCommand extends OperatorCommand {

  @Override
  protected int execute() {
    CommandLine root = spec.root().commandLine();
    out().print(AutoComplete.bash(spec.root().name(), root));
    out().flush();
    return ExitCodes.OK;
  }
}
