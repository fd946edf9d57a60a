// The ledger as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the Merkle
// tree served as static "tiles" of 256 hashes, and the entries as "entry
// bundles", so that auditors, monitors and witnesses can read the whole log
// and compute any proof with plain HTTP GETs and caches.
//
//   tile/<L>/<N>[.p/<W>]      hash i (0 <= i < W, W = 256 for a full tile) is
//                             MTH(D[(N*256 + i) * 256^L : (N*256 + i + 1) * 256^L])
//   tile/entries/<N>[.p/<W>]  entries N*256 .. N*256+W-1, each as a big-endian
//                             uint16 length and its bytes
// <N> is written in 3-digit groups, all but the last prefixed with "x"
// (1234067 -> x001/x234/067).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "trustgate/ledger/ledger.h"

namespace trustgate::ledger {

inline constexpr uint64_t kTileWidth = 256;

struct TilePath {
  bool entries = false;  // an entry bundle (else a tile of hashes)
  uint32_t level = 0;
  uint64_t index = 0;
  uint32_t width = kTileWidth;  // 1..256; 256 is a full tile

  bool partial() const { return width < kTileWidth; }
};

// Parses "tile/0/x001/234.p/5" (no leading slash). InvalidArgument for a
// path the spec does not allow (leading zeroes, levels above 63, widths
// outside 1..255 for a partial tile).
base::Result<TilePath> parse_tile_path(std::string_view path);
std::string tile_path(const TilePath& t);

// The tile's bytes from the ledger's latest checkpoint; NotFound when the
// log is not yet that large.
base::Result<std::string> read_tile(const Ledger& ledger, const TilePath& t);

}  // namespace trustgate::ledger
