import TrialCheckCLI

TrialCheckCLI.main()
