import Dispatch

/// A value computed on another thread, waited for when it is needed (the MID registry loads
/// while the files are checked).
public final class Deferred<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchGroup()
  // Written once before `done` is left (or before `init` returns), read only after waiting on it.
  private var result: Result<Value, Error>?

  /// Starts `work` on a background thread.
  public init(_ work: @escaping @Sendable () throws -> Value) {
    done.enter()
    DispatchQueue.global(qos: .userInitiated).async {
      self.result = Result { try work() }
      self.done.leave()
    }
  }

  /// A value that is already there.
  public init(value: Value) {
    result = .success(value)
  }

  /// `work` done now, on this thread (what it throws is thrown by `get`): for work shorter
  /// than starting a thread.
  public init(now work: () throws -> Value) {
    result = Result { try work() }
  }

  /// The value, once it is there; rethrows what the work threw.
  public func get() throws -> Value {
    done.wait()
    return try result!.get()
  }
}
