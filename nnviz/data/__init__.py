"""Data sets the network learns from: each a :class:`Dataset`, made by a function of this
package (loaders and generators; nothing here draws or trains)."""

from .dataset import KINDS, Dataset, Scaling, class_of
from .errors import DataError
from .split import split
from .xor import xor

__all__ = ["KINDS", "DataError", "Dataset", "Scaling", "class_of", "split", "xor"]
