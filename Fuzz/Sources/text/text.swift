import FuzzSupport
import LSTMKit

/// A text corpus (UTF-8 check, characters into ids), as `lstm train textgen` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "corpus.txt")
    // split's precondition (both parts >= 2 tokens) is the caller's: TextgenTask.split checks it with a
    // one-line error first, so only corpora that pass it are split here (a trap on 9 tokens was this harness's).
    if let corpus = try? TextCorpus(contentsOf: url), corpus.count >= 25 { _ = corpus.split() }
    _ = try? TextCorpus(contentsOf: url, tokenizer: WordTokenizer())
    return 0
}

@_cdecl("fuzz_text_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzText)
}
