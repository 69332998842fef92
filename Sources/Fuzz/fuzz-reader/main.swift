import GoujiKit

// Fuzz target: bytes → TextReader.decode → Normaliser.normalise (see FuzzHarness, which also says how it is built and run).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.testOneInput(.reader, data, size)
}

FuzzHarness.main(.reader) { fuzzOne($0, $1) }
