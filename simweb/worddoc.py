"""A minimal honest writer of legacy Word 97–2003 (.doc) files, for simweb's DOC-only report.

No library writes the binary .doc format and LibreOffice is too heavy for a test fixture, so this
builds the smallest file the format allows ([MS-CFB] + [MS-DOC]): an OLE2 compound file holding a
``WordDocument`` stream (a Word 97 FIB followed by the text as UTF-16LE, paragraphs ended by CR)
and a ``1Table`` stream holding a stylesheet, the document properties and the piece table (one
unicode piece). Streams are padded past the 4096-byte mini-stream cutoff so no mini FAT is needed.

antiword reads the FIB at fixed offsets and parses the stylesheet and DOP without checking their
lengths: a FibBase two bytes short (30 instead of 32) made it read ccpText as 0 and print nothing,
and an absent STSH/DOP made it read past a 1-byte buffer (a segfault). catdoc scans the text
stream and never noticed either; both now read the file like any .doc.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
TEXT_OFFSET = 0x400  # where the text starts in the WordDocument stream (after the FIB)
MINI_CUTOFF = 4096
_STSHF_INDEX, _DOP_INDEX, _CLX_INDEX = 1, 31, 33  # fcStshf, fcDop, fcClx pairs in FibRgFcLcb97
_FC_LCB_COUNT = 93  # cbRgFcLcb of a Word 97 FIB


def doc_bytes(paragraphs: list[str]) -> bytes:
    """A .doc whose main text is ``paragraphs``, one paragraph each."""
    text = "".join(p.replace("\r", " ").replace("\n", " ") + "\r" for p in paragraphs)
    table, places = b"", {}
    for index, blob in ((_STSHF_INDEX, _stylesheet()), (_DOP_INDEX, _dop()), (_CLX_INDEX, _clx(len(text)))):
        places[index] = (len(table), len(blob))
        table += blob
    word = _fib(len(text), places) + text.encode("utf-16-le")
    return compound_file([("WordDocument", _pad(word)), ("1Table", _pad(table))])


def _fib(chars: int, places: dict[int, tuple[int, int]]) -> bytes:
    """FibBase (32 bytes: antiword reads ccpText at 0x4C and fcClx at 0x1A2, so every later field
    shifts if this is short), FibRgW97, FibRgLw97, FibRgFcLcb97 with ``places`` (index → fc, lcb)."""
    text_end = TEXT_OFFSET + chars * 2
    base = struct.pack("<HHHHHHHIBBHHII", 0xA5EC, 0x00C1, 0, 0x0804, 0,
                       0x0200 | 0x1000,  # fWhichTblStm (1Table), fExtChar (unicode text)
                       0x00BF, 0, 0, 0, 0, 0,
                       TEXT_OFFSET, text_end)  # fcMin, fcMac, which Word still writes and readers use
    assert len(base) == 32
    rg_w = struct.pack("<H", 14) + bytes(28)
    lw = [0] * 22
    lw[0] = text_end  # cbMac
    lw[3] = chars  # ccpText
    rg_lw = struct.pack("<H", 22) + struct.pack("<22I", *lw)
    fc_lcb = [0] * (2 * _FC_LCB_COUNT)
    for index, (fc, lcb) in places.items():
        fc_lcb[2 * index], fc_lcb[2 * index + 1] = fc, lcb
    rg_fc = struct.pack("<H", _FC_LCB_COUNT) + struct.pack(f"<{len(fc_lcb)}I", *fc_lcb)
    fib = base + rg_w + rg_lw + rg_fc + struct.pack("<H", 0)
    return fib + bytes(TEXT_OFFSET - len(fib))


def _stylesheet() -> bytes:
    """STSH with one empty style slot: readers (antiword) parse the STSHI header unconditionally."""
    stshi = struct.pack("<9H", 1, 10, 0, 15, 15, 0, 0, 0, 0)  # cstd, cbSTDBaseInFile, …, rgftc
    return struct.pack("<H", len(stshi)) + stshi + struct.pack("<H", 0)  # cbStshi, STSHI, cbStd = 0


def _dop() -> bytes:
    """Document properties (Word 97 DOP, 84 bytes) with the default tab stop of half an inch."""
    dop = bytearray(84)
    struct.pack_into("<H", dop, 0x0A, 720)  # dxaTab in twips
    return bytes(dop)


def _clx(chars: int) -> bytes:
    """Pcdt: one piece, CPs [0, chars), uncompressed (UTF-16) text at TEXT_OFFSET."""
    plc = struct.pack("<II", 0, chars) + struct.pack("<HIH", 0, TEXT_OFFSET, 0)
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def _pad(data: bytes) -> bytes:
    size = max(len(data), MINI_CUTOFF)
    size += -size % SECTOR
    return data + bytes(size - len(data))


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file (version 3) of large streams directly under the root storage."""
    starts, sector = [], 0
    for _, data in streams:
        starts.append(sector)
        sector += len(data) // SECTOR
    dir_sector = sector
    entries = 1 + len(streams)
    dir_sectors = -(-entries * 128 // SECTOR)
    fat_sector = dir_sector + dir_sectors
    fat_count = 1
    while (fat_sector + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat = []
    for (_, data), start in zip(streams, starts, strict=True):
        n = len(data) // SECTOR
        fat += [start + i + 1 for i in range(n - 1)] + [END_OF_CHAIN]
    fat += [dir_sector + i + 1 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    fat += [FAT_SECTOR] * fat_count
    fat += [FREE] * (fat_count * SECTOR // 4 - len(fat))
    directory = _directory(streams, starts)
    directory += bytes(dir_sectors * SECTOR - len(directory))
    header = _header(fat_count, fat_sector, dir_sector)
    body = b"".join(data for _, data in streams) + directory + struct.pack(f"<{len(fat)}I", *fat)
    return header + body


def _header(fat_count: int, fat_sector: int, dir_sector: int) -> bytes:
    difat = [fat_sector + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    head = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x3E, 3,
                       0xFFFE, 9, 6, bytes(6), 0, fat_count, dir_sector, 0, MINI_CUTOFF, END_OF_CHAIN, 0,
                       END_OF_CHAIN, 0)
    return head + struct.pack("<109I", *difat)


def _directory(streams: list[tuple[str, bytes]], starts: list[int]) -> bytes:
    """Root entry plus one entry per stream; the streams form a right-leaning sibling chain sorted
    as CFB compares names (shorter first, then case-insensitively)."""
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    ids = {i: 1 + rank for rank, i in enumerate(order)}
    out = _entry("Root Entry", 5, child=ids[order[0]], start=END_OF_CHAIN, size=0)
    for rank, i in enumerate(order):
        right = ids[order[rank + 1]] if rank + 1 < len(order) else FREE
        name, data = streams[i]
        out += _entry(name, 2, right=right, start=starts[i], size=len(data))
    return out


def _entry(name: str, kind: int, child: int = FREE, right: int = FREE, start: int = 0,
           size: int = 0) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return struct.pack("<64sHBBIII16sIQQIII", raw, len(raw), kind, 1, FREE, right, child, bytes(16), 0, 0, 0,
                       start, size, 0)
