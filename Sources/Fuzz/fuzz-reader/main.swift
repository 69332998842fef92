import Foundation
import GoujiKit

// Fuzz target: bytes → TextReader.decode → Normaliser.normalise (see FuzzHarness). Built with
// `-sanitize=fuzzer -DGOUJI_FUZZING` (Scripts/fuzz.sh), libFuzzer calls the function below; built
// without, the executable runs the files it is given.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.reader(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if GOUJI_FUZZING
// Linked with libFuzzer (Scripts/fuzz.sh passes -DGOUJI_FUZZING): whichever `main` the linker keeps,
// libFuzzer's driver runs.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, { fuzzOne($0, $1) }))
#else
// Built without the fuzzer: a regression runner over the files given.
exit(FuzzHarness.runFiles(Array(CommandLine.arguments.dropFirst()), target: .reader, executablePath: Bundle.main.executablePath))
#endif
