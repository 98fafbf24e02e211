"""The script to give spark-submit: `spark-submit [options] submit.py [trialcheck_spark options]`
(the same options as `python -m trialcheck_spark`)."""

import sys

from trialcheck_spark.cli import main

sys.exit(main())
