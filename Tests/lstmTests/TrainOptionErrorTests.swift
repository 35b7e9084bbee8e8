import Foundation
import Testing
@testable import lstm

/// Bad input to `lstm train <task>`: exit status 1, one line `Error: ...` naming the option, and nothing written
/// (no output directory, no log).
@Suite struct TrainOptionErrorTests {
    let dir = TemporaryDirectory()

    /// Runs `lstm train <task>` with the task's minimal options, `--output` and `--log` in the temporary
    /// directory, and `bad`; expects the one-line error with `fragments` and no file written.
    func expectRefused(_ task: TrainTask, _ bad: [String], _ fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let arguments = ["train", task.rawValue] + task.minimal + ["--output", dir.path("run")] +
            (bad.contains("--log") ? [] : ["--log", dir.path("run.csv")]) + bad
        let run = lstm(arguments)
        for fragment in fragments {
            #expect(run.error.contains(fragment), "\(task) \(bad): '\(fragment)' not in \(run.error)",
                    sourceLocation: sourceLocation)
        }
        expectOneLineError(run, sourceLocation: sourceLocation)
        #expect(!dir.exists("run") && !dir.exists("run.csv"), "\(task) \(bad) wrote files", sourceLocation: sourceLocation)
    }

    /// `value` for each of `options`, refused with the same rule: "<option> <message>".
    static func rule(_ options: [String], _ value: String, _ message: String) -> [([String], [String])] {
        options.map { ([$0, value], ["\($0) \(message)"]) }
    }

    /// Invalid values of every kind for the options every train command shares: families of options with one
    /// rule, then the options with their own.
    static let families: [([String], [String])] = [
        rule(["--plateau-patience", "--epochs", "--steps", "--eval-every", "--batch-size", "--layers"], "0",
             "must be at least 1, got 0"),
        rule(["--patience"], "-1", "must be at least 1, got -1"),      // --patience 0 turns early stopping off
        rule(["--dropout", "--recurrent-dropout", "--zoneout", "--weight-drop"], "1", "must be in [0, 1), got 1.0"),
        rule(["--clip-norm", "--clip-value", "--learning-rate", "--minutes"], "0", "must be a positive number, got 0.0"),
        rule(["--weight-decay", "--l1", "--l2"], "-1", "must be >= 0, got -1.0"),
        ["--cell", "--optimizer", "--schedule", "--kernel"].map { ([$0, "foo"], ["'foo' is invalid for '\($0)"]) },
    ].flatMap { $0 }

    static let shared: [([String], [String])] = families + [
        (["--hidden-size", "-4"], ["--hidden-size must be at least 1, got -4"]),
        (["--hidden-size", "abc"], ["'abc' is invalid for '--hidden-size"]),
        (["--cell", "tcn"], ["lstm, gru, rnn, peephole, cifg, layernorm, hyper"]),
        (["--optimizer", "lbfgs"], ["sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad"]),
        (["--log", "x.txt"], ["--log must end in .csv or .jsonl, got ", "/x.txt"]),
        (["--clip-value", "-1"], ["--clip-value must be a positive number"]),
        (["--momentum", "1"], ["--momentum must be below 1"]),
        (["--optimizer", "nesterov", "--momentum", "0"], ["--momentum nesterov needs momentum > 0"]),
        (["--l2", "nan"], ["--l2 must be >= 0, got nan"]),
        (["--warmup-steps", "-1"], ["--warmup-steps must be at least 0"]),
        (["--decay-to", "1"], ["--decay-to must be in (0, 1)"]),
        (["--steps", "100000001"], ["--steps must be at most 100000000"]),
        (["--batch-size", "70000"], ["--batch-size must be at most 65536"]),
        (["--zoneout", "-0.5"], ["--zoneout must be in [0, 1)"]),
        (["--projection-size", "-1"], ["--projection-size must be >= 0"]),
        (["--projection-size", "2", "--cell", "gru"], ["--projection-size a projection needs the lstm cell, not gru"]),
        (["--weight-drop", "0.1", "--cell", "layernorm"], ["--weight-drop the layernorm cell has no weightHH"]),
        (["--seed", "-1"], ["'-1' is invalid for '--seed"]),
        (["--frobnicate"], ["Unknown option '--frobnicate'"]),
    ]

    /// The kinds the issue names, refused by every train command; the whole table by one (the options are
    /// shared code, validated by `TrainingConfig` and `RecurrentEncoderConfig` for every task).
    @Test(arguments: TrainTask.allCases)
    func sharedOptionsRefuseBadValues(task: TrainTask) {
        let named = ["--hidden-size", "--dropout", "--cell", "--optimizer", "--log", "--clip-norm", "--frobnicate"]
        for (bad, fragments) in Self.shared where task == .classify || (named.contains(bad[0]) && bad.count <= 2) {
            expectRefused(task, bad, fragments)
        }
    }

    @Test func taskOptionsRefuseBadValues() {
        let cases: [(TrainTask, [String], [String])] = [
            (.textgen, ["--tbptt", "5,3"], ["--tbptt k1 = 5 must not exceed k2 = 3"]),
            (.textgen, ["--tbptt", "0,3"], ["The value '0,3' is invalid for '--tbptt"]),
            (.textgen, ["--tbptt", "5"], ["'5' is invalid for '--tbptt"]),
            (.textgen, ["--validation-fraction", "1"], ["--validation-fraction must be in (0, 1)"]),
            (.textgen, ["--embedding-size", "0"], ["--embedding-size must be at least 1"]),
            (.textgen, ["--seq-length", "0"], ["--seq-length must be at least 1"]),
            (.textgen, ["--sample-length", "-1"], ["--sample-length must be at least 0"]),
            (.textgen, ["--bidirectional"], ["--bidirectional does not apply: a language model reads forward only"]),
            (.sentiment, ["--max-tokens", "0"], ["--max-tokens must be at least 1"]),
            (.sentiment, ["--min-count", "0"], ["--min-count must be at least 1"]),
            (.sentiment, ["--validation-fraction", "0.95"], ["--validation-fraction must be in (0, 0.9)", "got 0.95"]),
            (.sentiment, ["--validation-fraction", "0"], ["--validation-fraction must be in (0, 0.9)"]),
            (.sentiment, ["--pooling", "last"], ["'last' is invalid for '--pooling", "'max', 'mean' or 'attention'"]),
            (.sentiment, ["--embedding-dropout", "1"], ["--embedding-dropout must be in [0, 1)"]),
            (.sentiment, ["--embedding-size", "0"], ["--embedding-size must be at least 1"]),
            (.sentiment, ["--text-column", ""], ["--text-column must not be empty"]),
            (.classify, ["--validation-fraction", "0"], ["--validation-fraction must be in (0, 1)"]),
            (.classify, ["--test-fraction", "1"], ["--test-fraction must be in (0, 1)"]),
            (.classify, ["--validation-fraction", "0.5", "--test-fraction", "0.5"], ["--test-fraction 0.5 and the validation fraction 0.5 leave no training data"]),
            (.classify, ["--pooling", "max"], ["'max' is invalid for '--pooling", "'last' and 'mean'"]),
            (.classify, ["--dataset", "cifar"], ["'cifar' is invalid for '--dataset", "'digits', 'mnist', 'hapt' or 'vowels'"]),
            (.forecast, ["--horizon", "0"], ["--horizon must be at least 1"]),
            (.forecast, ["--window", "0"], ["--window must be at least 1"]),
            (.forecast, ["--season", "0"], ["--season must be at least 1"]),
            (.forecast, ["--horizon", "3", "--test-size", "2"], ["--test-size 2 is shorter than the horizon 3"]),
            (.forecast, ["--horizon", "3", "--validation-size", "2"], ["--validation-size 2 is shorter than the horizon 3"]),
            (.forecast, ["--series-id", "A"], ["--series-id needs --series COLUMN"]),
            (.forecast, ["--seasonal-difference"], ["--seasonal-difference needs a season"]),
            (.forecast, ["--missing", "guess"], ["'guess' is invalid for '--missing", "'error', 'forward-fill', 'interpolate' or 'drop'"]),
            (.forecast, ["--preset", "foo"], ["'foo' is invalid for '--preset"]),
        ]
        for (task, bad, fragments) in cases { expectRefused(task, bad, fragments) }
    }

    @Test func requiredDataAndMissingFilesWriteNothing() throws {
        let missing = dir.path("none.csv")
        let cases: [([String], [String])] = [
            (["train", "classify"], ["--data is required (or a built-in --dataset)"]),
            (["train", "classify", "--dataset", "hapt"], ["--data is required for hapt"]),
            (["train", "forecast", "--target", "y"], ["--data FILE.csv is required (or a --preset)"]),
            (["train", "forecast", "--data", missing], ["--target COLUMN is required"]),
            (["train", "forecast", "--data", missing, "--target", "y"], ["--data \(missing): no such file"]),
            (["train", "classify", "--data", missing], ["--data \(missing): no such file or directory"]),
            (["train", "sentiment", "--data", missing], ["--data \(missing): no such file or directory"]),
            (["train", "textgen", "--data", missing], ["--data \(missing): no such file"]),
            (["train", "textgen", "--data", dir.path("")], ["no such file"]),
        ]
        for (arguments, fragments) in cases {
            let run = lstm(arguments + ["--output", dir.path("run")])
            for fragment in fragments { #expect(run.error.contains(fragment), "\(arguments): \(run.error)") }
            expectOneLineError(run)
            #expect(!dir.exists("run"))
        }
        // A file where the output directory should go.
        let text = try dir.write(TinyData.text, to: "tiny.txt")
        let file = try dir.write("x", to: "file")
        expectOneLineError(lstm(["train", "textgen", "--data", text, "--output", file, "--steps", "1"]),
                           "--output \(file) is a file; give a directory")
    }

    @Test func helpAndVersionSucceed() {
        let version = lstm(["--version"])
        #expect(version.status == 0 && !version.output.isEmpty && version.error.isEmpty)
        let help = lstm(["--help"])
        #expect(help.status == 0 && help.output.contains("USAGE: lstm <subcommand>") && help.output.contains("search"))
        expectOneLineError(lstm(["frobnicate"]), "frobnicate")
        let train = lstm(["train"])
        #expect(train.status == 0 && train.output.contains("USAGE: lstm train <subcommand>"))
    }
}
