"""Settings for the whole test run.

Exercise checks are strict while the tests run (``AIR_ENCOUNTERS_STRICT=1``): in the instructor
notebooks nbval executes, a check that is not "correct" raises, so a broken solution fails the
suite. Kernels started by the tests inherit it; tests that need a student's view (the trials,
the student edition run unanswered) start their kernels with it switched off.
"""

import os

os.environ["AIR_ENCOUNTERS_STRICT"] = "1"
