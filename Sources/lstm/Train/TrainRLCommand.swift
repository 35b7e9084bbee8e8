import ArgumentParser
import LSTMKit
import LSTMKitApps

/// `lstm train rl`: PPO with an LSTM (or feed-forward) actor-critic on CartPole, CartPole-POMDP or the T-maze.
struct TrainRLCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl",
        abstract: "Train an LSTM (or feed-forward) policy with PPO on CartPole, CartPole with hidden velocities, or the T-maze.",
        discussion: """
            Environments (written in Swift, seeded): cartpole (Gym CartPole-v1), \
            cartpole-pomdp (the same observing only the cart position and pole angle), \
            tmaze (Bakker 2002: a cue at the start to remember for --length steps). \
            Each update is a PPO update (GAE advantages, clipped objective, value loss, \
            entropy bonus) on a rollout of --batch-size parallel environments x \
            --rollout-length steps; --steps updates in all. Every --eval-every updates the \
            greedy policy plays --validation-episodes episodes (the learning curve, also in \
            OUTPUT/curve.csv); best.safetensors has the best validation mean return. At the end \
            the best checkpoint plays --evaluation-episodes episodes from a fixed seed.
            Defaults: LSTM 64, 8 environments x 32 steps, 10 epochs x 1 minibatch, gamma 0.98, \
            lambda 0.8, no entropy bonus, Adam 0.001, clip norm 0.5, 500 updates (tmaze: LSTM 32, \
            rollouts of 128, 4 epochs x 2 minibatches, lambda 0.95, entropy 0.01, Adam 0.002, \
            300 updates). --log and --tensorboard do not apply (the curve is in OUTPUT/curve.csv).
              lstm train rl --env cartpole-pomdp --output runs/rl-cartpole
              lstm train rl --env tmaze --length 50 --policy feedforward --output runs/rl-tmaze-ff
              lstm evaluate runs/rl-cartpole
            See docs/apps/rl.md.
            """
    )

    @Option(help: "The environment: cartpole, cartpole-pomdp or tmaze (default cartpole-pomdp).") var env: EnvironmentKind?
    @Option(parsing: .unconditional, help: "The T-maze's corridor length (default 50).") var length: Int?
    @Option(help: "The policy: lstm or feedforward (default lstm).") var policy: PolicyKind?
    @Option(parsing: .unconditional, help: "Hidden units of the LSTM or of each feed-forward layer (default 64; tmaze 32).")
    var hiddenSize: Int?
    @Option(parsing: .unconditional, help: "The LSTM's initial forget-gate bias (default 1; tmaze 5).") var forgetBias: Double?
    @Option(parsing: .unconditional, help: "Steps per environment and update, the BPTT length (default 32; tmaze 128).")
    var rolloutLength: Int?
    @Option(parsing: .unconditional, help: "PPO passes over each rollout (default 10; tmaze 4).") var ppoEpochs: Int?
    @Option(parsing: .unconditional, help: "Minibatches per pass, groups of environments; must divide --batch-size (default 1; tmaze 2).")
    var minibatches: Int?
    @Option(parsing: .unconditional, help: "Discount (default 0.98).") var gamma: Double?
    @Option(parsing: .unconditional, help: "GAE lambda (default 0.8; tmaze 0.95).") var lambda: Double?
    @Option(parsing: .unconditional, help: "PPO clip epsilon (default 0.2).") var clip: Double?
    @Option(parsing: .unconditional, help: "Value-loss coefficient (default 0.5).") var valueCoefficient: Double?
    @Option(parsing: .unconditional, help: "Entropy-bonus coefficient (default 0; tmaze 0.01).") var entropyCoefficient: Double?
    @Option(parsing: .unconditional, help: "Validation episodes at each evaluation (default 20).") var validationEpisodes: Int?
    @Option(parsing: .unconditional, help: "Final evaluation episodes (default 100).") var evaluationEpisodes: Int?

    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = RLTask
    var defaults: RLConfig { RLConfig.defaults(for: env ?? .cartpolePOMDP) }

    func apply(to c: inout RLConfig) throws {
        if let length { c.length = length }
        if let policy { c.policy = policy }
        if let hiddenSize { c.hiddenSize = hiddenSize }
        if let forgetBias { c.forgetBias = forgetBias }
        if let rolloutLength { c.rolloutLength = rolloutLength }
        if let ppoEpochs { c.ppoEpochs = ppoEpochs }
        if let minibatches { c.minibatches = minibatches }
        if let gamma { c.gamma = gamma }
        if let lambda { c.lambda = lambda }
        if let clip { c.clip = clip }
        if let valueCoefficient { c.valueCoefficient = valueCoefficient }
        if let entropyCoefficient { c.entropyCoefficient = entropyCoefficient }
        if let validationEpisodes { c.validationEpisodes = validationEpisodes }
        if let evaluationEpisodes { c.evaluationEpisodes = evaluationEpisodes }
    }
}
