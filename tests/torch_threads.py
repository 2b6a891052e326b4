"""An autouse fixture for the test packages that run tiny torch models; their conftest imports it."""

import pytest
import torch


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    """The tiny models of these tests gain nothing from intra-op threads and, on a busy two-core
    machine, lose several times their run time to them."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
