import GoujiKit

// Fuzz target: bytes as a rule file → RuleSet.compile with the bundled lexicon → print, examples (see FuzzHarness, which also says how it is built and run).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.testOneInput(.rules, data, size)
}

FuzzHarness.main(.rules) { fuzzOne($0, $1) }
