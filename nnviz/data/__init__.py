"""Data sets the network learns from: each a :class:`Dataset`, made by a function of this
package (loaders and generators; nothing here draws or trains)."""

from .dataset import KINDS, Dataset, Scaling, class_of
from .xor import xor

__all__ = ["KINDS", "Dataset", "Scaling", "class_of", "xor"]
