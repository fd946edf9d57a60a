#include "trustgate/ledger/tiles.h"

#include <charconv>

namespace trustgate::ledger {

namespace {

base::Error bad(const std::string& why) { return base::invalid_field("", "tile path: " + why); }

bool decimal(std::string_view s, uint64_t& out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

base::Result<TilePath> parse_tile_path(std::string_view path) {
  const std::string original(path);
  if (path.substr(0, 5) != "tile/") return bad("must start with tile/");
  path.remove_prefix(5);
  TilePath t;
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return bad("no index");
  std::string_view level = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (level == "entries") {
    t.entries = true;
  } else {
    uint64_t l = 0;
    if (!decimal(level, l) || l > 63) return bad("the level must be 0..63");
    t.level = static_cast<uint32_t>(l);
  }
  if (size_t p = path.find(".p/"); p != std::string_view::npos) {
    uint64_t w = 0;
    if (!decimal(path.substr(p + 3), w) || w == 0 || w >= kTileWidth) {
      return bad("a partial tile's width must be 1..255");
    }
    t.width = static_cast<uint32_t>(w);
    path = path.substr(0, p);
  }
  // The index: 3-digit groups, "x" before all but the last.
  uint64_t index = 0;
  while (true) {
    size_t next = path.find('/');
    std::string_view group = path.substr(0, next);
    const bool last = next == std::string_view::npos;
    if (!last) {
      if (group.size() != 4 || group[0] != 'x') return bad("index groups are xNNN/.../NNN");
      group.remove_prefix(1);
    }
    if (group.size() != 3 || group.find_first_not_of("0123456789") != std::string_view::npos) {
      return bad("index groups are three digits");
    }
    if (index > (UINT64_MAX - 999) / 1000) return bad("index too large");
    index = index * 1000 + static_cast<uint64_t>(std::stoi(std::string(group)));
    if (last) break;
    path.remove_prefix(next + 1);
  }
  t.index = index;
  if (tile_path(t) != original) return bad("not in canonical form (" + tile_path(t) + ")");
  return t;
}

std::string tile_path(const TilePath& t) {
  std::string digits = std::to_string(t.index);
  while (digits.size() % 3) digits.insert(digits.begin(), '0');
  std::string n;
  for (size_t i = 0; i < digits.size(); i += 3) {
    if (i + 3 < digits.size()) {
      n += "x" + digits.substr(i, 3) + "/";
    } else {
      n += digits.substr(i, 3);
    }
  }
  std::string out =
      "tile/" + (t.entries ? std::string("entries") : std::to_string(t.level)) + "/" + n;
  if (t.partial()) out += ".p/" + std::to_string(t.width);
  return out;
}

base::Result<std::string> read_tile(const Ledger& ledger, const TilePath& t) {
  std::string out;
  if (t.entries) {
    const uint64_t first = t.index * kTileWidth;
    if (first + t.width > ledger.size()) {
      return base::not_found("the ledger has no such entry bundle yet");
    }
    for (uint64_t i = 0; i < t.width; ++i) {
      auto entry = ledger.entry(first + i);
      if (!entry) return entry.error();
      out += static_cast<char>((entry->size() >> 8) & 0xFF);
      out += static_cast<char>(entry->size() & 0xFF);
      out += *entry;
    }
    return out;
  }
  auto hashes = ledger.subtree_hashes(8 * t.level, t.index * kTileWidth, t.width);
  if (!hashes) return hashes.error();
  out.reserve(hashes->size() * 32);
  for (const Hash& h : *hashes) out.append(reinterpret_cast<const char*>(h.data()), h.size());
  return out;
}

}  // namespace trustgate::ledger
