/// The exit statuses of `gouji`: 0 = no finding reaches the failing severity, 1 = at least one
/// does, 2 = the input or the rules could not be used.
public enum ExitStatus: Int32, Sendable {
    case clean = 0
    case findings = 1
    case unusable = 2
}
