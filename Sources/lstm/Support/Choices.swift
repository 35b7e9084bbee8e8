import ArgumentParser
import LSTMKit
import LSTMKitApps

// Every choice of the CLI is an enum of the library: parsed by its raw value, listed in `--help` (values: ...),
// and an unknown value is an error naming the allowed ones.
extension RecurrentCellKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}
extension KernelChoice: ExpressibleByArgument {}
extension EnvironmentKind: ExpressibleByArgument {}
extension PolicyKind: ExpressibleByArgument {}

