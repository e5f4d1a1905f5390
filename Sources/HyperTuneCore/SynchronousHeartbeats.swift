/// A storage that can record a heartbeat synchronously, from any thread.
///
/// The study driver beats from a dedicated thread, so that objectives that block their threads
/// (CPU-bound training, synchronous I/O) cannot starve the heartbeats of the trials they run;
/// for a storage with this conformance the thread writes the heartbeat itself, without the
/// cooperative thread pool. (Other storages get their heartbeats through a task the thread
/// starts, which needs a free thread of the pool.)
package protocol SynchronousHeartbeats: Storage {
    /// Records that the worker running `trial` is alive, now, blocking the calling thread.
    func recordHeartbeatNow(_ trial: TrialID) throws
}
