"""Drawing frames with matplotlib: the only package that imports it.

``Renderer`` (in :mod:`.scene`) builds the picture's artists once and updates them per shot:
the network's :mod:`.diagram` (summarised where it is too big to draw whole) on a
:mod:`.stage`, and the panel :mod:`.panels` picks for the data's kind (the XOR table, the
:mod:`.decision` map of points on a plane, the loss and accuracy :mod:`.curves`). What the
picture says is data: :mod:`.caption` (XOR's table), :mod:`.run_caption` (any other run),
:mod:`.labels` (the names around the network), :mod:`.activity` (glow and numbers).
:mod:`.blit` redraws only what changed; :mod:`.glow` makes the neurons' halos; :mod:`.sprites`
caches text; :mod:`.sheet` lays shots out on a contact sheet.
"""

from .scene import Renderer
from .sheet import contact_sheet, thumbnail

__all__ = ["Renderer", "contact_sheet", "thumbnail"]
