import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM as a long-running command (`log --follow`) takes them: the first one is
/// noted, and wakes the command's wait through a pipe (the handler writes a byte to it), so that
/// the command finishes the line it is writing and ends; a second one (either) ends the process
/// the default way (a follower stuck on a server that stopped answering). SIGPIPE is
/// ignored: a write to a closed pipe fails with EPIPE, which the command takes as the end.
enum StopSignals {
    /// The signal received, 0 before any.
    private static let received = Atomic<Int32>(0)
    /// The pipe the handler wakes the waiting command through: (read end, write end), both
    /// non-blocking (a full pipe already holds a wake-up).
    private static let wakePipe: (read: Int32, write: Int32) = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (-1, -1) }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (ends[0], ends[1])
    }()

    /// Installs the handlers and returns the descriptor that becomes readable when a stop signal
    /// arrives (wait on it with POLLIN).
    static func install() -> Int32 {
        let ends = wakePipe  // made before a handler can need it
        _ = received.load(ordering: .relaxed)  // a handler must never run a global's first initialisation
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { number in StopSignals.note(number) }
        signal(SIGTERM) { number in StopSignals.note(number) }
        return ends.read
    }

    /// The stop signal received (SIGINT or SIGTERM), or nil.
    static var receivedSignal: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// The handler: only async-signal-safe work (an atomic store, write(2), signal(2)).
    private static func note(_ number: Int32) {
        received.store(number, ordering: .relaxed)
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
