import Synchronization

/// A protocol file loaded on a thread of its own while the command does other work (it
/// parses its command line), so that the command's own load finds the definition ready.
///
/// A protocol is loaded before any record is read, and a cold process spends much of that
/// load building the runtime's type metadata for the check kinds it meets: on two cores
/// that work can run beside the command line's parse. The prefetch only loads: the
/// command's ``ProtocolLoader`` still reads the file itself, and takes the prefetched
/// definition only when it read exactly the text the prefetch loaded, from the same path,
/// under the same loader (kinds, external policy and environment). A load is a function of
/// those alone for a protocol that extends none; a protocol that extends another (whose
/// base is found by looking at folders again), a file changed in between or a load that
/// failed leaves the loader to load its own text, as without a prefetch.
public enum ProtocolPrefetch {
    /// The largest protocol file loaded ahead (4 MiB, far beyond any real protocol).
    static let largestFile = 4 << 20

    private struct Started: Sendable {
        let path: String
        let loader: ProtocolLoader
        let work: BackgroundWork<Loaded?>
    }

    private struct Loaded: Sendable {
        let text: String
        let definition: ProtocolDefinition
    }

    /// The prefetch not yet taken: one at a time, the latest started.
    private static let pending = Mutex<Started?>(nil)

    /// Starts loading the protocol file at `path` with `loader` on a thread of its own,
    /// when it is a regular file of at most ``largestFile`` bytes.
    public static func start(path: String, loader: ProtocolLoader) {
        guard RegularFile.exists(at: path, atMost: largestFile) else { return }
        let work = BackgroundWork<Loaded?>(ownThread: true) {
            guard case .success(let text) = ProtocolLoader.readText(path: path),
                let definition = try? loader.load(yaml: text, path: path), definition.bases.isEmpty
            else { return nil }
            return Loaded(text: text, definition: definition)
        }
        pending.withLock { $0 = Started(path: path, loader: loader, work: work) }
    }

    /// The prefetched definition of the protocol at `path`, when one was started for that
    /// path under a loader like `loader` and loaded exactly `text`; waits for it to finish.
    /// A prefetch is taken once: later calls, and calls for another path, loader or text,
    /// return `nil`.
    static func take(path: String, text: String, loader: ProtocolLoader) -> ProtocolDefinition? {
        let started = pending.withLock { slot -> Started? in
            guard let started = slot, started.path == path else { return nil }
            slot = nil
            return started
        }
        guard let started, started.loader.loadsAlike(loader), let loaded = started.work.take() ?? nil, loaded.text == text else { return nil }
        return loaded.definition
    }
}

extension ProtocolLoader {
    /// Whether this loader and `other` load any text alike: the same kinds (a registry holds
    /// one kind per identifier), under the same external policy, with the same environment.
    func loadsAlike(_ other: ProtocolLoader) -> Bool {
        externalPolicy == other.externalPolicy && environment == other.environment
            && registry.identifiers == other.registry.identifiers
    }
}
