import ArgumentParser

/// The token-vector size of the text tasks (textgen: characters, sentiment and translate: words).
struct EmbeddingOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Token-vector size E (default: 64 for textgen, 256 for translate, 300 for sentiment).")
    var embeddingSize: Int?
}
