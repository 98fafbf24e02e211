import CPluginProcess
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ends every process a plugin started, even one that left the plugin's process group.
///
/// A plugin runs in its own process group, which is killed when it ends; a descendant that
/// calls `setsid` (or `setpgid`) leaves that group. On Linux the first plugin makes this
/// process a child subreaper (`PR_SET_CHILD_SUBREAPER`), so such a descendant becomes a
/// child of this process once its parent ends; every plugin starts with ``marker`` in its
/// environment, which its descendants inherit. When a plugin has ended, every child of
/// this process that carries the marker and is not a plugin still running is killed and
/// reaped (``tc_end_orphans``). A descendant that both leaves the group and clears its
/// environment is not found this way.
enum PluginTree {
    /// The environment line every plugin (and so its descendants) carries.
    static let marker = "TRIALCHECK_PLUGIN_HOST=\(getpid())"

    /// The pids of the plugins running now; starting one and ending orphans take turns.
    private static let running = Mutex<Set<Int32>>([])

    /// Runs `spawn` (which returns how starting went and the new plugin's pid, if one
    /// started) while no orphans are being ended, and records the pid as running.
    static func starting(_ spawn: () -> (stage: tc_spawn_stage, pid: Int32?)) -> tc_spawn_stage {
        running.withLock { pids in
            let started = spawn()
            if let pid = started.pid { pids.insert(pid) }
            return started.stage
        }
    }

    /// Records that the plugin `pid` has ended (and been reaped), and ends the orphans
    /// plugins left behind.
    static func ended(_ pid: Int32) {
        running.withLock { pids in
            pids.remove(pid)
            let live = pids.map { Int32($0) }
            _ = live.withUnsafeBufferPointer { buffer in
                tc_end_orphans(marker, buffer.baseAddress, Int32(buffer.count))
            }
        }
    }
}
