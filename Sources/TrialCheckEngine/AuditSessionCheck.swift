import TrialCheckCore

/// A check that holds resources for the length of an audit (an external plugin's
/// process) and may have something to report about them.
///
/// The auditor calls ``finishAudit()`` once, after every record has been judged; the
/// check releases what it holds (a later audit starts afresh) and returns its
/// diagnostics, which the report lists under its id.
///
/// Conform in the declaration that makes the type a ``Check`` (or in the same module): the
/// type's ``Check/holdsAuditSession`` is fixed where it becomes a check.
public protocol AuditSessionCheck: Check {
    /// Ends the audit for this check: releases its resources and returns what there is to
    /// report (failures, standard error), oldest first.
    func finishAudit() -> [Diagnostic]
}

extension AuditSessionCheck {
    /// `true`: the auditor ends this check's session after the last record.
    public var holdsAuditSession: Bool { true }
}
