"""Split a ``multipart/form-data`` body into parts with python-multipart's streaming parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart import MultipartParser

from pymockapi.validation._styles import Malformed


@dataclass
class Part:
    name: str = ""
    filename: str | None = None
    content_type: str | None = None
    data: bytearray = field(default_factory=bytearray)


def header_params(value: str) -> tuple[str, dict[str, str]]:
    """``form-data; name="a"`` -> ``('form-data', {'name': 'a'})``."""
    head, *rest = value.split(";")
    params: dict[str, str] = {}
    for item in rest:
        key, _, raw = item.strip().partition("=")
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace('\\"', '"')
        params[key.strip().lower()] = raw
    return head.strip().lower(), params


class _Collector:
    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.field = bytearray()
        self.value = bytearray()
        self.headers: dict[str, str] = {}
        self.ended = False

    def part_begin(self) -> None:
        self.parts.append(Part())
        self.headers = {}

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def header_end(self) -> None:
        name = self.field.decode("latin-1").strip().lower()
        self.headers[name] = self.value.decode("utf-8", "replace")
        self.field, self.value = bytearray(), bytearray()

    def headers_finished(self) -> None:
        part = self.parts[-1]
        _, params = header_params(self.headers.get("content-disposition", ""))
        part.name = params.get("name", "")
        part.filename = params.get("filename")
        content_type = self.headers.get("content-type")
        part.content_type = header_params(content_type)[0] if content_type else None

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self.parts[-1].data += data[start:end]

    def end(self) -> None:
        self.ended = True


def split_parts(body: bytes, boundary: str | None) -> list[Part] | Malformed:
    if not boundary:
        return Malformed("not valid multipart: the Content-Type has no boundary")
    collector = _Collector()
    try:
        parser = MultipartParser(
            boundary.encode("latin-1"),
            callbacks={
                "on_part_begin": collector.part_begin,
                "on_header_field": collector.header_field,
                "on_header_value": collector.header_value,
                "on_header_end": collector.header_end,
                "on_headers_finished": collector.headers_finished,
                "on_part_data": collector.part_data,
                "on_end": collector.end,
            },
        )
        parser.write(body)
        parser.finalize()
    except ValueError as error:  # python-multipart's errors are ValueErrors
        return Malformed(f"not valid multipart ({error})")
    if not collector.ended:
        return Malformed("not valid multipart: the closing boundary is missing")
    if any(not part.name for part in collector.parts):
        return Malformed("not valid multipart: a part has no form-data name")
    return collector.parts
