/// The notices a finished report carries besides its findings: what mappings noted, data the
/// audit does not understand, rejected records, plugin diagnostics and waivers that did
/// not apply.
enum AuditNotices {
    static func of(_ report: AuditReport, strict: Bool) -> [Notice] {
        var notices: [Notice] = []
        for input in report.inputs {
            for note in input.notes ?? [] { notices.append(Notice(.note, at: input.path, note)) }
        }
        for input in report.coverage?.inputs ?? [] {
            for element in input.elements where element.status == .unknown {
                notices.append(Notice(strict ? .error : .warning, at: element.first?.description ?? input.path, element.sentence))
            }
        }
        for rejection in report.rejected {
            notices.append(Notice(.error, at: rejection.location.description, rejection.reason))
        }
        for diagnostic in report.diagnostics ?? [] {
            let check = diagnostic.check.map { "check '\($0)': " } ?? ""
            let level: Notice.Level = switch diagnostic.level {
            case .error: .error
            case .warning: .warning
            case .note: .remark
            }
            notices.append(Notice(level, "\(check)\(diagnostic.message)"))
        }
        for outcome in report.waivers ?? [] where outcome.status != .applied {
            let waiver = outcome.waiver
            notices.append(Notice(.warning, at: waiver.location?.description, "waiver for \(waiver.patient) / \(waiver.check) is \(outcome.status.rawValue)"))
        }
        return notices
    }
}
