"""Run under torchrun by test_train_distributed: trains like `juliatag train` with the options
given as JSON, and at step KILL_AT process 0 kills its whole process group (every rank and
torchrun itself) with SIGKILL, as a crash or an OOM killer would."""

import json
import os
import signal
import sys

from juliatag.train import TrainConfig, train

options, kill_at = json.loads(sys.argv[1]), int(sys.argv[2])


def kill(info) -> None:
    if info.done == kill_at:
        os.killpg(os.getpgid(0), signal.SIGKILL)


train(TrainConfig(**options), progress=kill)
