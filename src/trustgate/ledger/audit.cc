#include "trustgate/ledger/audit.h"

#include "trustgate/ledger/entry_check.h"
#include "trustgate/ledger/merkle.h"
#include "trustgate/ledger/tiles.h"

namespace trustgate::ledger {

namespace {

base::Error bad(const std::string& what) { return base::corruption("the log " + what); }

base::Result<std::vector<Hash>> fetch_tile(const Fetch& fetch, const TilePath& t) {
  auto bytes = fetch(tile_path(t));
  if (!bytes) return bytes.error();
  if (bytes->size() != size_t{t.width} * 32) {
    return bad("served " + tile_path(t) + " with " + std::to_string(bytes->size()) +
               " bytes, not " + std::to_string(t.width * 32));
  }
  std::vector<Hash> out(t.width);
  for (uint32_t i = 0; i < t.width; ++i) std::copy_n(bytes->data() + 32 * i, 32, out[i].begin());
  return out;
}

// The entries of a bundle, split at their 16-bit lengths.
base::Result<std::vector<std::string>> fetch_bundle(const Fetch& fetch, const TilePath& t) {
  auto bytes = fetch(tile_path(t));
  if (!bytes) return bytes.error();
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < bytes->size()) {
    if (pos + 2 > bytes->size()) return bad("served a truncated entry bundle " + tile_path(t));
    size_t n = (static_cast<uint8_t>((*bytes)[pos]) << 8) | static_cast<uint8_t>((*bytes)[pos + 1]);
    if (pos + 2 + n > bytes->size()) return bad("served a truncated entry bundle " + tile_path(t));
    out.push_back(bytes->substr(pos + 2, n));
    pos += 2 + n;
  }
  if (out.size() != t.width) {
    return bad("served " + std::to_string(out.size()) + " entries in " + tile_path(t) + ", not " +
               std::to_string(t.width));
  }
  return out;
}

}  // namespace

base::Result<AuditReport> audit_log(const Fetch& fetch, const AuditOptions& o) {
  auto text = fetch("checkpoint");
  if (!text) return text.error();
  auto cp = open_checkpoint(*text, o.key);
  if (!cp) return bad("serves a checkpoint that does not check out: " + cp.error().message);
  AuditReport report{*cp, 0, 0, {}};
  const uint64_t size = cp->checkpoint.size;
  if (o.last && o.last->checkpoint.size > size) {
    return bad("shrank: it served " + std::to_string(o.last->checkpoint.size) +
               " entries before, " + std::to_string(size) + " now");
  }
  // The leaves: level-0 tiles, and the entries from `from` on checked
  // against them.
  MerkleTree tree;
  tree.reserve(size);
  std::string scratch;
  for (uint64_t n = 0; n * kTileWidth < size; ++n) {
    const uint32_t width =
        static_cast<uint32_t>(std::min<uint64_t>(kTileWidth, size - n * kTileWidth));
    auto leaves = fetch_tile(fetch, TilePath{false, 0, n, width});
    if (!leaves) return leaves.error();
    ++report.tiles_checked;
    const uint64_t first = n * kTileWidth;
    if (first + width > o.from) {
      auto entries = fetch_bundle(fetch, TilePath{true, 0, n, width});
      if (!entries) return entries.error();
      for (uint32_t i = 0; i < width; ++i) {
        const uint64_t seq = first + i;
        if (seq < o.from) continue;
        std::string problem = check_line((*entries)[i], seq, scratch);
        if (!problem.empty()) return bad("entry " + std::to_string(seq) + ": " + problem);
        if (leaf_hash((*entries)[i]) != (*leaves)[i]) {
          return bad("entry " + std::to_string(seq) + " does not hash to its leaf in the tiles");
        }
        ++report.entries_checked;
      }
    }
    for (const Hash& h : *leaves) tree.append(h);
    if (o.progress) o.progress(first + width, size);
  }
  if (tree.root(size) != cp->checkpoint.root) {
    return bad("serves tiles whose root is not the checkpoint's");
  }
  // Every higher tile, against the tree.
  for (uint32_t level = 1; (uint64_t{1} << (8 * level)) <= size && level < 8; ++level) {
    const uint64_t below = size >> (8 * level);  // complete subtrees at this height
    for (uint64_t n = 0; n * kTileWidth < below; ++n) {
      const uint32_t width =
          static_cast<uint32_t>(std::min<uint64_t>(kTileWidth, below - n * kTileWidth));
      auto hashes = fetch_tile(fetch, TilePath{false, level, n, width});
      if (!hashes) return hashes.error();
      for (uint32_t i = 0; i < width; ++i) {
        if ((*hashes)[i] != tree.complete_subtree(8 * level, n * kTileWidth + i)) {
          return bad("serves a wrong hash in " + tile_path(TilePath{false, level, n, width}));
        }
      }
      ++report.tiles_checked;
    }
  }
  if (o.last && tree.root(o.last->checkpoint.size) != o.last->checkpoint.root) {
    return bad("is not consistent with the checkpoint seen last (size " +
               std::to_string(o.last->checkpoint.size) + "): its history was rewritten");
  }
  for (const CosignerKey& w : o.witnesses) {
    if (w.cosigned_at(cp->note.text, cp->note.signatures)) report.cosigned_by.push_back(w.name());
  }
  return report;
}

}  // namespace trustgate::ledger
