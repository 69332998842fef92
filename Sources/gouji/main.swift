import Foundation
import GoujiKit

// The executable is only this: the work is in GoujiKit's `GoujiCommand`.
let console = Console(
    out: { FileHandle.standardOutput.write(Data($0.utf8)) },
    err: { FileHandle.standardError.write(Data($0.utf8)) },
    isTerminal: isatty(STDOUT_FILENO) != 0,
    isErrorTerminal: isatty(STDERR_FILENO) != 0,
    environment: ProcessInfo.processInfo.environment)
let status = GoujiCommand.run(Array(CommandLine.arguments.dropFirst()), console: console, executablePath: Bundle.main.executablePath ?? CommandLine.arguments.first)
exit(status.rawValue)
