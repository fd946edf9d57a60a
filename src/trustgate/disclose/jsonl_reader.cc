// The JSONL reader of a Release: one pass over each line, no tree built.
// Each member is looked up in the record schema as it is met; a released
// value is copied byte for byte, a withheld one is replaced by its marker,
// and objects and arrays the schema describes member by member are walked.

#include <simdjson.h>

#include <cstring>
#include <optional>

#include "trustgate/disclose/json_scan.h"
#include "trustgate/disclose/release_impl.h"

namespace trustgate::disclose {

namespace {

using namespace json_scan;  // NOLINT

constexpr std::string_view kTypePrefix = "{\"record_type\":\"";

// Whether a member name needs no escaping in a JSON Pointer (no '~', '/').
inline bool plain_token(std::string_view name) {
  for (char c : name) {
    if (c == '~' || c == '/') return false;
  }
  return true;
}

// Whether the `len` bytes at `a` and `b` are the same: short names and
// paths, compared 8 bytes at a time without a call.
inline bool same_bytes(const char* a, const char* b, size_t len) {
  if (len < 8) return std::memcmp(a, b, len) == 0;
  uint64_t x, y;
  for (size_t i = 0; i + 8 <= len; i += 8) {
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, a + len - 8, 8);
  std::memcpy(&y, b + len - 8, 8);
  return x == y;
}

void append_index(std::string& out, size_t i) {
  out += '/';
  append_uint(out, i);
}

// The record_type member of the object at `p`: its (unescaped) value in
// `name`, absent when the record has none. False when the line is malformed
// before it is found, or record_type is not a string.
bool find_record_type(const char* p, const char* end, std::optional<std::string>& name) {
  if (static_cast<size_t>(end - p) > kTypePrefix.size() &&
      std::string_view(p, kTypePrefix.size()) == kTypePrefix) {
    bool escaped = false;
    const char* q = p + kTypePrefix.size() - 1;
    const char* e = scan_string(q, end, escaped);
    if (e == nullptr) return false;
    name.emplace();
    return unescape(std::string_view(q + 1, static_cast<size_t>(e - q - 2)), *name);
  }
  ++p;
  skip_ws(p, end);
  if (p < end && *p == '}') return true;
  std::string key;
  for (;;) {
    if (p >= end || *p != '"') return false;
    bool escaped = false;
    const char* k = scan_string(p, end, escaped);
    if (k == nullptr) return false;
    std::string_view raw(p + 1, static_cast<size_t>(k - p - 2));
    bool is_type = raw == "record_type";
    if (!is_type && escaped) {
      if (!unescape(raw, key)) return false;
      is_type = key == "record_type";
    }
    p = k;
    if (!after_name(p, end)) return false;
    if (is_type) {
      if (p >= end || *p != '"') return false;
      const char* v = scan_string(p, end, escaped);
      if (v == nullptr) return false;
      name.emplace();
      return unescape(std::string_view(p + 1, static_cast<size_t>(v - p - 2)), *name);
    }
    p = skip_value(p, end, 1);
    if (p == nullptr) return false;
    const AfterItem next = after_item(p, end, '}');
    if (next == AfterItem::kNext) continue;
    return next == AfterItem::kClosed;
  }
}

class Walker {
 public:
  // `path` and `key` are buffers kept from record to record.
  Walker(Release::Impl& r, const RecordSchema& schema, std::string& path, std::string& key)
      : r_(r), schema_(schema), path_(path), key_(key), memo_(r.memo[schema.type_index]) {
    path_.clear();
    if (memo_.entries.size() != schema_.nodes.size() + 1) {
      memo_.entries.assign(schema_.nodes.size() + 1, {});
    }
  }

  // `p` at the value of node `node` (-1: not named); advances past it.
  bool value(int32_t node, const char*& p, const char* end, int depth) {
    if (p >= end) return false;
    if (node < 0) return withhold_unnamed(p, end, depth);
    const FieldNode& n = schema_.nodes[static_cast<size_t>(node)];
    if (n.field_class != kNoClass) {
      const ClassDecision& d = r_.plan.at(schema_.type_index, n.field_class);
      // A class covers a scalar, or an array of them; an object under a
      // class is not described by the schema, so it is withheld.
      if (d.released && *p == '{') return withhold_unnamed(p, end, depth);
      if (d.released && *p == '[') return array(node, p, end, depth);
      const char* v = skip_value(p, end, depth);
      if (v == nullptr) return false;
      if (d.released) {
        r_.out.append(p, static_cast<size_t>(v - p));
        r_.released(n.field_class);
      } else {
        r_.out += r_.plan.grounds[d.ground].marker_json;
        withheld_at(node, n.field_class, d.ground);
      }
      p = v;
      return true;
    }
    if (n.items < 0 && *p == '{') return object(n, p, end, depth);
    if (n.items >= 0 && *p == '[') return array(n.items, p, end, depth);
    return withhold_unnamed(p, end, depth);  // not the shape the schema names
  }

  bool object(const FieldNode& n, const char*& p, const char* end, int depth) {
    if (depth > kMaxDepth) return false;
    r_.out += '{';
    ++p;
    skip_ws(p, end);
    if (p < end && *p == '}') {
      ++p;
      r_.out += '}';
      return true;
    }
    const size_t path_len = path_.size();
    bool first = true;
    for (size_t index = 0;; ++index) {
      if (p >= end || *p != '"') return false;
      const char* k = nullptr;
      int32_t child = -1;
      if (depth == 0 && index < memo_.root.size()) {
        // The member the records of this type had at this position: the
        // same bytes are the same plain name (it holds no quote or escape).
        Release::Impl::RootMember& m = memo_.root[index];
        const size_t len = m.name_json.size();
        if (static_cast<size_t>(end - p) > len && same_bytes(p, m.name_json.data(), len)) {
          k = p + len;
          child = m.node;
          path_ += '/';
          path_.append(p + 1, len - 2);
          root_member_ = &m;
        }
      }
      if (k == nullptr) {
        bool escaped = false;
        k = scan_string(p, end, escaped);
        if (k == nullptr) return false;
        const std::string_view raw(p + 1, static_cast<size_t>(k - p - 2));
        if (!escaped && plain_token(raw)) {
          child = n.member(raw);
          path_ += '/';
          path_.append(raw);
          if (depth == 0) {
            root_member_ =
                remember_root(index, std::string_view(p, static_cast<size_t>(k - p)), child);
          }
        } else {
          if (!unescape(raw, key_)) return false;
          child = n.member(key_);
          append_pointer_token(path_, key_);
        }
      }
      if (!first) r_.out += ',';
      first = false;
      r_.out.append(p, static_cast<size_t>(k - p));
      r_.out += ':';
      p = k;
      if (depth == 0) root_path_len_ = path_.size();
      if (!after_name(p, end)) return false;
      const bool ok =
          depth == 0 && child == type_node_ ? type_value(p, end) : value(child, p, end, depth + 1);
      if (depth == 0) root_member_ = nullptr;
      if (!ok) return false;
      path_.resize(path_len);
      const AfterItem next = after_item(p, end, '}');
      if (next == AfterItem::kNext) continue;
      if (next == AfterItem::kMalformed) return false;
      r_.out += '}';
      return true;
    }
  }

  // An array whose elements are each of node `item`.
  bool array(int32_t item, const char*& p, const char* end, int depth) {
    if (depth > kMaxDepth) return false;
    r_.out += '[';
    ++p;
    skip_ws(p, end);
    if (p < end && *p == ']') {
      ++p;
      r_.out += ']';
      return true;
    }
    const size_t path_len = path_.size();
    for (size_t i = 0;; ++i) {
      if (i) r_.out += ',';
      append_index(path_, i);
      if (!value(item, p, end, depth + 1)) return false;
      path_.resize(path_len);
      const AfterItem next = after_item(p, end, ']');
      if (next == AfterItem::kNext) continue;
      if (next == AfterItem::kMalformed) return false;
      r_.out += ']';
      return true;
    }
  }

  // The record's own record_type member: released only when it names the
  // type the record was read as (a second, different record_type member is
  // not the record's type and is withheld).
  bool type_value(const char*& p, const char* end) {
    bool escaped = false;
    const char* v = *p == '"' ? scan_string(p, end, escaped) : skip_value(p, end, 1);
    if (v == nullptr) return false;
    bool same = *p == '"';
    if (same) {
      std::string_view raw(p + 1, static_cast<size_t>(v - p - 2));
      if (escaped) {
        same = unescape(raw, key_) && key_ == schema_.record_type;
      } else {
        same = raw == schema_.record_type;
      }
    }
    const FieldNode& n = schema_.nodes[static_cast<size_t>(type_node_)];
    if (same && r_.plan.at(schema_.type_index, n.field_class).released) {
      r_.out.append(p, static_cast<size_t>(v - p));
      r_.released_type(n.field_class);
    } else {
      r_.out += r_.plan.grounds[kGroundNotInSchema].marker_json;
      withheld_at(-1, kNoClass, kGroundNotInSchema);
    }
    p = v;
    return true;
  }

  void set_type_node(int32_t node) { type_node_ = node; }

 private:
  bool withhold_unnamed(const char*& p, const char* end, int depth) {
    const char* v = skip_value(p, end, depth);
    if (v == nullptr) return false;
    r_.out += r_.plan.grounds[kGroundNotInSchema].marker_json;
    withheld_at(-1, kNoClass, kGroundNotInSchema);
    p = v;
    return true;
  }

  // The field at path_ of node `node` (-1: not named) was withheld: its log
  // entry is made once for as long as the node recurs at that path.
  void withheld_at(int32_t node, uint8_t field_class, uint16_t ground) {
    const size_t slot = node < 0 ? schema_.nodes.size() : static_cast<size_t>(node);
    if (root_member_ != nullptr && path_.size() == root_path_len_) {
      // The root member's own value (a nested one has a longer path).
      Release::Impl::RootMember& m = *root_member_;
      if (m.entry_slot != static_cast<int32_t>(slot)) {
        m.entry.clear();
        r_.append_log_entry(m.entry, path_, field_class, ground);
        m.entry_slot = static_cast<int32_t>(slot);
      }
      r_.withheld_entry(m.entry, field_class);
      return;
    }
    Release::Impl::NodeEntry& e = memo_.entries[slot];
    if (e.path_json.size() != path_.size() ||
        !same_bytes(e.path_json.data(), path_.data(), path_.size()) || e.entry.empty()) {
      e.path_json = path_;
      e.entry.clear();
      r_.append_log_entry(e.entry, path_, field_class, ground);
    }
    r_.withheld_entry(e.entry, field_class);
  }

  // A plain member name of the root at position `index`, remembered for the
  // next record of this type (a bounded number of positions).
  // Returns the position's memo, or null when it is not kept.
  Release::Impl::RootMember* remember_root(size_t index, std::string_view name_json, int32_t node) {
    constexpr size_t kMaxRootMembers = 512;
    auto& root = memo_.root;
    if (index > root.size() || index >= kMaxRootMembers) return nullptr;
    if (index == root.size()) root.emplace_back();
    Release::Impl::RootMember& m = root[index];
    m.name_json.assign(name_json);
    m.node = node;
    m.entry_slot = -2;
    return &m;
  }

  Release::Impl& r_;
  const RecordSchema& schema_;
  std::string& path_;
  std::string& key_;
  Release::Impl::TypeMemo& memo_;
  // The root member being walked, when its name is remembered, and the
  // length of its path.
  Release::Impl::RootMember* root_member_ = nullptr;
  size_t root_path_len_ = 0;
  int32_t type_node_ = -1;
};

}  // namespace

void Release::Impl::jsonl_record(std::string_view line) {
  const char* p = line.data();
  const char* end = p + line.size();
  skip_ws(p, end);
  if (p == end) return;  // a blank line is no record
  begin_record();
  if (*p != '{') return drop_record(kGroundNotARecord);
  // What is released must be JSON: text that is not UTF-8 is no record.
  if (!simdjson::validate_utf8(line.data(), line.size())) return drop_record(kGroundNotARecord);
  std::optional<std::string>& type = record_type_;
  type.reset();
  if (!find_record_type(p, end, type)) return drop_record(kGroundNotARecord);
  const RecordSchema* schema =
      schema_for(type ? std::optional<std::string_view>(*type) : std::nullopt);
  if (schema == nullptr) return drop_record(kGroundNoSchema);
  Walker w(*this, *schema, walk_path_, walk_key_);
  w.set_type_node(schema->nodes[0].member("record_type"));
  if (!w.object(schema->nodes[0], p, end, 0)) return drop_record(kGroundNotARecord);
  skip_ws(p, end);
  if (p != end) return drop_record(kGroundNotARecord);
  out += '\n';
  commit_record();
}

}  // namespace trustgate::disclose
