import ArgumentParser

/// The token-vector size of the text tasks (textgen: characters, sentiment and translate: words).
struct EmbeddingOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Token-vector size E (default: 64 for textgen, 300 for sentiment, 256 for translate).")
    var embeddingSize: Int?
}
