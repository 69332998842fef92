import GoujiKit

// Fuzz target: bytes → decode → normalise → extract → audit with the bundled rules → every report format (see FuzzHarness, which also says how it is built and run).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.testOneInput(.extractor, data, size)
}

FuzzHarness.main(.extractor) { fuzzOne($0, $1) }
