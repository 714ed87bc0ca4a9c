"""Drawing frames with matplotlib: the only package that imports it.

``Renderer`` (in :mod:`.scene`) builds the picture's artists once and updates them per shot;
:mod:`.blit` redraws only what changed; :mod:`.glow` makes the neurons' halos.
"""

from .scene import Renderer

__all__ = ["Renderer"]
