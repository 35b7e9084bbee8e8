import ArgumentParser
import LSTMKitApps

/// The training options of every `lstm train` command. Each is optional: unset, the task's default
/// (shown in the command's help) stays. The names are the `TrainingConfig` fields in kebab case.
struct TrainingOptions: ParsableArguments {
    @Option(help: "The optimizer.")
    var optimizer: OptimizerKind?

    @Option(parsing: .unconditional, help: "The learning rate (the start of the schedule).")
    var learningRate: Double?

    @Option(parsing: .unconditional, help: "Momentum of momentum/nesterov SGD and RMSProp (default 0.9).")
    var momentum: Double?

    @Option(parsing: .unconditional, help: "The optimizer's L2 weight decay (decoupled for adamw).")
    var weightDecay: Double?

    @Option(parsing: .unconditional, help: "L1 penalty added to the loss: l1 * sum |w|.")
    var l1: Double?

    @Option(parsing: .unconditional, help: "L2 penalty added to the loss: l2 * sum w^2.")
    var l2: Double?

    @Option(parsing: .unconditional, help: "Clip the global gradient norm to this value.")
    var clipNorm: Double?

    @Option(parsing: .unconditional, help: "Clamp every gradient element to [-v, v].")
    var clipValue: Double?

    @Option(help: "Learning-rate schedule over the budget.")
    var schedule: ScheduleKind?

    @Option(parsing: .unconditional, help: "Linear warm-up steps at the start.")
    var warmupSteps: Int?

    @Option(parsing: .unconditional, help: "The fraction of the rate cosine/linear/step/exponential decay to (default 0.1).")
    var decayTo: Double?

    @Option(parsing: .unconditional, help: "plateau: evaluations without improvement before the rate is halved (default 2).")
    var plateauPatience: Int?

    @Option(parsing: .unconditional, help: "Passes over the training data.")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Optimizer steps (instead of, or besides, --epochs: the first reached stops).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Also stop after this many minutes; the schedule follows the time budget.")
    var minutes: Double?

    @Option(parsing: .unconditional, help: "Evaluate and write checkpoints every N steps (default: every epoch; textgen: every 200 steps).")
    var evalEvery: Int?

    @Option(parsing: .unconditional, help: "Examples (or streams) per batch.")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "Stop after N evaluations without a better validation result (0: never).")
    var patience: Int?

    @Option(help: "Recurrent kernel (native: the fastest available, falling back to fused, then reference).")
    var kernel: KernelChoice?

    @Option(help: "Write a per-step log to FILE.csv or FILE.jsonl.")
    var log: String?

    @Option(help: ArgumentHelp("Write TensorBoard event files to DIR (created when the input is valid): train loss, gradient norm and learning rate every 10 steps, validation loss and metrics, weight and gradient histograms at each evaluation, the configuration and samples as text. View with `tensorboard --logdir DIR`.", valueName: "DIR"))
    var tensorboard: String?

    @Option(help: "Directory for best.safetensors and last.safetensors (created when the input is valid).")
    var output: String?

    @Flag(help: "When training ends, write RUN_DIR/report.html: the curves, the task's results, config and machine (lstm report RUN_DIR).")
    var report = false

    @Option(help: "Continue the run saved in DIR (its last.safetensors) exactly where it stopped; takes no other training options.")
    var resume: String?

    @Flag(help: "Data-parallel training over MPI (textgen): start W copies with `mpirun -np W lstm train textgen --distributed ...`; each rank trains on its batch-size / W streams, gradients are averaged, rank 0 writes and prints. Without mpirun: one rank. See docs/distributed.md.")
    var distributed = false

    @Option(parsing: .unconditional, help: "--distributed: megabytes of gradients per all-reduce (default 4).")
    var bucketMb: Double?

    /// For Scripts/check-mpi.sh's resume check: the run fails right after this step (on every rank), as a
    /// killed run would, keeping its last checkpoint.
    @Option(parsing: .unconditional, help: .hidden)
    var stopAfterStep: Int?

    /// Sets every given option on `config`.
    func apply(to config: inout TrainingConfig) {
        if let optimizer { config.optimizer = optimizer }
        if let learningRate { config.learningRate = learningRate }
        if let momentum { config.momentum = momentum }
        if let weightDecay { config.weightDecay = weightDecay }
        if let l1 { config.l1 = l1 }
        if let l2 { config.l2 = l2 }
        if let clipNorm { config.clipNorm = clipNorm }
        if let clipValue { config.clipValue = clipValue }
        if let schedule { config.schedule = schedule }
        if let warmupSteps { config.warmupSteps = warmupSteps }
        if let decayTo { config.decayTo = decayTo }
        if let plateauPatience { config.plateauPatience = plateauPatience }
        if let epochs {
            config.epochs = epochs
            if steps == nil { config.steps = nil }
        }
        if let steps {
            config.steps = steps
            if epochs == nil { config.epochs = nil }
        }
        if let minutes { config.minutes = minutes }
        if let evalEvery { config.evalEvery = evalEvery }
        if let batchSize { config.batchSize = batchSize }
        if let patience { config.patience = patience == 0 ? nil : patience }
        if let kernel { config.kernel = kernel }
        if let log { config.log = absolutePath(log) }   // stored absolute: --resume from another folder appends to it
        if let tensorboard { config.tensorboard = absolutePath(tensorboard) }   // absolute too (a resume adds a file)
    }
}
