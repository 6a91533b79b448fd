import AuditLogCLI

AuditLogCommand.runFromCommandLine(Array(CommandLine.arguments.dropFirst()))
