"""The cycle collector at file boundaries: live objects frozen, cyclic garbage still collected."""

import gc
import weakref

from juliatag.heap import YOUNG_GENERATION, FileBoundaries


class _Cell:
    pass


def test_cyclic_garbage_is_collected_by_the_periodic_full_pass():
    gc.collect()
    gc.disable()   # no automatic pass between the steps below
    threshold = gc.get_threshold()
    heap = FileBoundaries(every=3)
    try:
        assert gc.get_threshold()[0] == YOUNG_GENERATION
        cell = _Cell()
        cell.me = cell                      # a reference cycle
        gone = weakref.ref(cell)
        del cell
        heap.file_done()
        heap.file_done()
        assert gone() is not None           # frozen with the rest: no full pass yet
        assert gc.get_freeze_count() > 0
        keep = [[] for _ in range(1000)]
        heap.file_done()                    # the third file: a full pass
        assert gone() is None
        assert gc.get_freeze_count() >= len(keep)   # what is alive is frozen again
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()
