import SiteActivationChecks
import TrialCheckCLI

TrialCheckCLI.main(extraKinds: SiteActivationChecksPlugin.kinds)
