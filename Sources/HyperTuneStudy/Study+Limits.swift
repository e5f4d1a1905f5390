extension Study {
    /// The most trials one `optimize` call runs at once: a larger `concurrency` is capped here.
    ///
    /// Each concurrent trial is a task with its own state; without a cap, `concurrency:
    /// 1_000_000` with no trial limit would create a million tasks up front. 4,096 is far more
    /// than a machine's cores (for I/O-bound objectives) and a few megabytes of tasks at most.
    public static let maximumConcurrency = 4_096
}
