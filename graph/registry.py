"""A registry of named extensions (writers, readers), like RDFLib's plugins or KGX's SINK_MAP."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from bonekg.errors import UnknownFormatError

__all__ = ["Named", "Registry"]


class Named(Protocol):
    """What a registry holds: anything with a name."""

    @property
    def name(self) -> str:
        """The name it is registered and looked up under."""
        ...


T = TypeVar("T", bound=Named)


class Registry(dict[str, T], Generic[T]):
    """Name -> extension; a module registers its own on import.

    :param kind: how errors name what is looked up (``format``, ``input format``)
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def register(self, item: T) -> T:
        """Add *item* under its name (a module-level call in each extension module)."""
        self[item.name] = item
        return item

    def lookup(self, name: str) -> T:
        """Return the item registered as *name*.

        :raises UnknownFormatError: none is
        """
        try:
            return self[name]
        except KeyError:
            known = ", ".join(sorted(self))
            raise UnknownFormatError(f"unknown {self.kind} {name!r} (known: {known})") from None
