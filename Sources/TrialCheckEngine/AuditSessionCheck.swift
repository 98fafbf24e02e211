import TrialCheckCore

/// A check that holds resources for the length of an audit (an external plugin's
/// process) and may have something to report about them.
///
/// The auditor calls ``finishAudit()`` once, after every record has been judged; the
/// check releases what it holds (a later audit starts afresh) and returns its
/// diagnostics, which the report lists under its id.
public protocol AuditSessionCheck: Check {
    /// Ends the audit for this check: releases its resources and returns what there is to
    /// report (failures, standard error), oldest first.
    func finishAudit() -> [Diagnostic]
}
