"""Data sets the network learns from: each a :class:`Dataset`, made by a function of this
package (loaders and generators; nothing here draws or trains)."""

from .dataset import KINDS, Dataset, Scaling, class_of
from .errors import DataError
from .plane import PLANE_SETS, plane
from .split import split
from .table import load_table, standardise
from .xor import xor

__all__ = [
    "KINDS", "PLANE_SETS", "DataError", "Dataset", "Scaling", "class_of", "load_table", "plane", "split",
    "standardise", "xor",
]
