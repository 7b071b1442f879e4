"""The municipality register, kept in this process for as long as its version holds.

core.municipality_register keeps the register whole in the shared cache, but every read
unpickles some 800 model instances (about 5 ms), and the statistics routes need it on
every request. Holding the unpickled register per process, under the version read from
the shared cache on every call, costs one small cache read and is never stale: a changed
county, municipality or succession renews the version, and the next call loads it again.
"""

from __future__ import annotations

from core.cache_versions import HeldWhileVersion
from core.municipality_register import MunicipalityRegister, get_municipality_register, register_version

_register = HeldWhileVersion(register_version, get_municipality_register)


def current_register() -> MunicipalityRegister:
    """The register as of its current version (treat it as read-only: it is shared)."""
    return _register.get()
