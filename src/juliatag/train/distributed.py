"""Training on several processes with torch.distributed (DistributedDataParallel), as
`torchrun --nproc_per_node N juliatag train ...` launches it.

torchrun sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT in each process's
environment; `Distributed.from_environment()` reads them (one process, without torchrun). The
process group uses NCCL on CUDA and gloo on CPU. Every process draws the same sample stream and
reads its own micro-batches of it (juliatag.train.data.RandomWindows.step); process 0 alone
writes the run folder and reports progress; logged metrics are averaged (losses) or summed
(counts) over the processes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import timedelta

import torch

from ..errors import JuliatagError

ENV_NAMES = ("RANK", "WORLD_SIZE", "LOCAL_RANK")
MAX_WORLD_SIZE = 1 << 16
PROCESS_GROUP_TIMEOUT = timedelta(minutes=30)


@dataclass(frozen=True)
class Distributed:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def active(self) -> bool:
        """More than one process: gradients and metrics are reduced over the process group."""
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @classmethod
    def from_environment(cls, env: dict | None = None) -> Distributed:
        env = os.environ if env is None else env
        if "WORLD_SIZE" not in env:
            return cls()
        try:
            values = {name: int(env.get(name, "0")) for name in ENV_NAMES}
        except ValueError:
            raise JuliatagError(f"torchrun environment: {', '.join(ENV_NAMES)} must be integers, got "
                                + ", ".join(f"{n}={env.get(n)!r}" for n in ENV_NAMES)) from None
        world, rank, local = values["WORLD_SIZE"], values["RANK"], values["LOCAL_RANK"]
        if not 1 <= world <= MAX_WORLD_SIZE or not 0 <= rank < world or local < 0:
            raise JuliatagError(f"torchrun environment: RANK {rank} / WORLD_SIZE {world} / LOCAL_RANK {local} "
                                "are inconsistent")
        return cls(rank, world, local)

    def backend(self, device: torch.device) -> str:
        return "nccl" if device.type == "cuda" else "gloo"

    @contextlib.contextmanager
    def process_group(self, device: torch.device):
        """Join the process group for the block (nothing with one process)."""
        if not self.active:
            yield
            return
        import torch.distributed as dist

        if not dist.is_available():
            raise JuliatagError("this torch build has no torch.distributed: train on one process")
        if device.type == "cuda":
            torch.cuda.set_device(device)
        owned = not dist.is_initialized()
        if owned:
            dist.init_process_group(self.backend(device), rank=self.rank, world_size=self.world_size,
                                    timeout=PROCESS_GROUP_TIMEOUT,
                                    device_id=device if device.type == "cuda" else None)
        try:
            yield
        finally:
            if owned and dist.is_initialized():
                dist.destroy_process_group()

    def all_reduce_sum(self, values: torch.Tensor) -> torch.Tensor:
        """The element-wise sum over processes (the tensor itself with one process)."""
        if not self.active:
            return values
        import torch.distributed as dist

        dist.all_reduce(values, op=dist.ReduceOp.SUM)
        return values

    def gather(self, value: torch.Tensor) -> list[torch.Tensor]:
        """Every process's copy of a (CPU) tensor, in rank order (collective)."""
        if not self.active:
            return [value]
        import torch.distributed as dist

        out: list = [None] * self.world_size
        dist.all_gather_object(out, value)
        return out
