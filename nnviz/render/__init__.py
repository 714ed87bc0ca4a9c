"""Drawing frames with matplotlib: the only package that imports it.

``Renderer`` (in :mod:`.scene`) builds the picture's artists once and updates them per shot;
:mod:`.blit` redraws only what changed; :mod:`.glow` makes the neurons' halos; :mod:`.sheet`
lays shots out on a contact sheet.
"""

from .scene import Renderer
from .sheet import contact_sheet, thumbnail

__all__ = ["Renderer", "contact_sheet", "thumbnail"]
