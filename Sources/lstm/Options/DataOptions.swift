import ArgumentParser

/// Where a `lstm train` command's data comes from (each command's help says which files it reads).
struct DataOptions: ParsableArguments {
    @Option(help: "The data file or folder (default: the task's committed data; see the discussion above).")
    var data: String?

    @Option(parsing: .unconditional, help: "The fraction held out for validation (best checkpoint, early stopping).")
    var validationFraction: Double?
}
