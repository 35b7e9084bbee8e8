import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a task and write checkpoints (best.safetensors, last.safetensors).",
        subcommands: [TrainTextgenCommand.self, TrainSentimentCommand.self, TrainForecastCommand.self, TrainClassifyCommand.self,
                      TrainTagCommand.self, TrainTranslateCommand.self, TrainSpeechCommand.self, TrainNextFrameCommand.self, TrainSSTCommand.self,
                      TrainAnomalyCommand.self, TrainMusicCommand.self, TrainRLCommand.self, TrainWordLMCommand.self]
    )
}
