/// Whether operations record the autodiff graph. On by default; `withoutGrad { ... }` turns it off.
public enum GradMode {
    /// Per task (and per thread outside tasks), so parallel tests and data-loading threads do not interfere.
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording the autodiff graph (inference, metric computation, optimizer updates).
///
///     let prediction = withoutGrad { model(x) }   // no graph kept, nothing to release
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false) { try body() }
}
